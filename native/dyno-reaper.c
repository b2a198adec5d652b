/*
 * dyno-reaper: runs one command so that nothing the command starts can outlive it (Linux).
 *
 *   dyno-reaper COMMAND [ARG...]   run COMMAND contained; exits as COMMAND did
 *   dyno-reaper --check            print the protocol line and exit 0 if this kernel lets us contain
 *
 * Why a program of its own: the engine is Node, which has no prctl(); and a Node process made a
 * child subreaper would inherit every dyno's orphans as zombies that libuv never reaps.
 *
 * How it contains: it marks itself a child subreaper, so a process that loses its parent (a double
 * fork, a daemon that calls setsid) is re-parented to us instead of to init and stays our
 * descendant, in reach. The command runs as our one direct child, in a process group of its own
 * that becomes the terminal's foreground group: Ctrl-C, Ctrl-Z, job control and window size
 * changes reach it exactly as they would if we were not there. Then we wait for signals:
 *
 *   SIGCHLD   reap every child, adopted orphans included. Once the command has exited, SIGKILL
 *             every descendant still running, reap them all, and exit as the command did (a
 *             signal is re-raised, so our parent sees "killed by SIGTERM", not a made-up code).
 *   SIGTERM SIGINT SIGQUIT SIGUSR1, and SIGHUP or SIGUSR2 sent by a process: passed on once to
 *             the command's group and to every other descendant (a dyno's stop is SIGTERM to all
 *             of its processes, as on Heroku).
 *   SIGHUP from the kernel (the pty's master side closed: the engine died) or after our parent
 *             died (PR_SET_PDEATHSIG, for runs without a terminal, such as builds): kill
 *             everything and exit. Nobody is left to supervise what we hold.
 *   SIGUSR2 from our parent: the engine's grace period is over. Kill everything and exit. The
 *             engine must not SIGKILL us first: descendants we had not killed yet would escape.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Bumped when the engine's expectations of this program change; --check prints it. */
#define PROTOCOL "dyno-reaper 1"
#define KILL_REQUEST SIGUSR2

static pid_t self_pid;
static pid_t parent_pid;
static pid_t command_pid;
static int command_done;
static int command_status;

struct proc {
  pid_t pid;
  pid_t ppid;
  pid_t pgid;
  int ours;
};

static int by_pid(const void *a, const void *b) {
  pid_t x = ((const struct proc *)a)->pid, y = ((const struct proc *)b)->pid;
  return (x > y) - (x < y);
}

/* Every process on the machine: pid, parent, group. Returns the count; *out is malloc'd. */
static size_t read_processes(struct proc **out) {
  size_t n = 0, cap = 512;
  struct proc *list = malloc(cap * sizeof *list);
  DIR *dir = opendir("/proc");
  *out = NULL;
  if (list == NULL || dir == NULL) {
    free(list);
    if (dir != NULL) closedir(dir);
    return 0;
  }
  struct dirent *entry;
  char path[sizeof entry->d_name + 16], text[1024];
  while ((entry = readdir(dir)) != NULL) {
    if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
    snprintf(path, sizeof path, "/proc/%s/stat", entry->d_name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue; /* it exited while we listed */
    ssize_t len = read(fd, text, sizeof text - 1);
    close(fd);
    if (len <= 0) continue;
    text[len] = '\0';
    /* The command name is parenthesised and may hold spaces or ')': parse after the last ')'. */
    char *name_end = strrchr(text, ')');
    char state;
    int ppid, pgid;
    if (name_end == NULL || sscanf(name_end + 1, " %c %d %d", &state, &ppid, &pgid) != 3) continue;
    if (n == cap) {
      struct proc *bigger = realloc(list, 2 * cap * sizeof *list);
      if (bigger == NULL) break;
      list = bigger;
      cap *= 2;
    }
    list[n].pid = (pid_t)strtol(text, NULL, 10);
    list[n].ppid = ppid;
    list[n].pgid = pgid;
    list[n].ours = 0;
    n++;
  }
  closedir(dir);
  *out = list;
  return n;
}

static int is_ours(const struct proc *list, size_t n, pid_t pid) {
  if (pid == self_pid) return 1;
  struct proc key = {pid, 0, 0, 0};
  const struct proc *found = bsearch(&key, list, n, sizeof *list, by_pid);
  return found != NULL && found->ours;
}

/*
 * Send sig to every descendant. With group_first, the command's group gets it as one kill (no
 * member misses it to a fork in progress) and its members are not signalled a second time.
 * Returns how many processes were signalled one by one.
 */
static int signal_descendants(int sig, int group_first) {
  int group_sent = 0;
  /* The command's pid names its group only until we reap it; after that it could be reused. */
  if (group_first && !command_done && kill(-command_pid, sig) == 0) group_sent = 1;
  struct proc *list;
  size_t n = read_processes(&list);
  if (list == NULL) return 0;
  qsort(list, n, sizeof *list, by_pid);
  /* Mark descendants until a pass adds none: each pass reaches one generation deeper. */
  for (int changed = 1; changed;) {
    changed = 0;
    for (size_t i = 0; i < n; i++) {
      if (list[i].ours || list[i].pid == self_pid || !is_ours(list, n, list[i].ppid)) continue;
      list[i].ours = 1;
      changed = 1;
    }
  }
  int count = 0;
  for (size_t i = 0; i < n; i++) {
    if (!list[i].ours) continue;
    if (group_sent && list[i].pgid == command_pid) continue;
    if (kill(list[i].pid, sig) == 0) count++;
  }
  free(list);
  return count;
}

/* Reap every child that has exited. Returns 1 while children remain, 0 once there are none. */
static int reap(void) {
  for (;;) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      if (pid == command_pid) {
        command_done = 1;
        command_status = status;
      }
      continue;
    }
    if (pid == 0) return 1;
    if (errno == EINTR) continue;
    return 0; /* ECHILD */
  }
}

/*
 * SIGKILL every descendant until none is left; a killed process cannot fork, so this ends (one
 * stuck in uninterruptible sleep dies when its I/O does, so the pause grows rather than spin).
 */
static void kill_everything(void) {
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  long pause_ms = 10;
  for (;;) {
    signal_descendants(SIGKILL, 1);
    if (!reap()) return;
    /* Give the killed a moment to die; a SIGCHLD ends the wait early. */
    struct timespec pause = {pause_ms / 1000, (pause_ms % 1000) * 1000 * 1000};
    sigtimedwait(&chld, NULL, &pause);
    if (pause_ms < 1000) pause_ms *= 2;
  }
}

static void exit_like_command(void) {
  if (WIFSIGNALED(command_status)) {
    int sig = WTERMSIG(command_status);
    /* Die of the same signal, without writing a core file of our own. */
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    signal(sig, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, sig);
    sigprocmask(SIG_UNBLOCK, &only, NULL);
    raise(sig);
    _exit(128 + sig);
  }
  _exit(WIFEXITED(command_status) ? WEXITSTATUS(command_status) : 1);
}

static void finish(void) {
  kill_everything();
  exit_like_command();
}

static void run_command(char **argv, const sigset_t *original_mask) {
  setpgid(0, 0);
  /* Take the terminal's foreground if it was ours (a dyno on a pty; builds have none). SIGTTOU is
     still ignored here, which is what lets a background group make itself the foreground. */
  if (tcgetpgrp(STDIN_FILENO) == getpgid(self_pid)) tcsetpgrp(STDIN_FILENO, getpid());
  signal(SIGTTOU, SIG_DFL);
  signal(SIGTTIN, SIG_DFL);
  signal(SIGTSTP, SIG_DFL);
  /* A backstop: if we are SIGKILLed, the command does not carry on without us. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != self_pid) _exit(127);
  sigprocmask(SIG_SETMASK, original_mask, NULL);
  execvp(argv[0], argv);
  fprintf(stderr, "dyno-reaper: cannot run %s: %s\n", argv[0], strerror(errno));
  _exit(errno == ENOENT ? 127 : 126);
}

static int check(void) {
  int on = 0;
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0 || prctl(PR_GET_CHILD_SUBREAPER, &on) != 0 || on != 1) {
    printf("no child subreaper: %s\n", strerror(errno));
    return 1;
  }
  printf("%s\n", PROTOCOL);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--check") == 0) return check();
  if (argc < 2) {
    fprintf(stderr, "usage: dyno-reaper COMMAND [ARG...]\n");
    return 127;
  }
  self_pid = getpid();
  parent_pid = getppid();
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
    fprintf(stderr, "dyno-reaper: cannot become a child subreaper: %s\n", strerror(errno));
  }
  /* Our parent is the engine: when it dies, so does everything we hold. */
  prctl(PR_SET_PDEATHSIG, SIGHUP);
  if (getppid() != parent_pid) return 128 + SIGHUP; /* it died before the line above took effect */

  sigset_t handled, original_mask;
  sigemptyset(&handled);
  int signals[] = {SIGCHLD, SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2};
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaddset(&handled, signals[i]);
  sigprocmask(SIG_BLOCK, &handled, &original_mask);
  /* We never touch the terminal after the fork, and must never be stopped by it. */
  signal(SIGTTOU, SIG_IGN);
  signal(SIGTTIN, SIG_IGN);
  signal(SIGTSTP, SIG_IGN);

  command_pid = fork();
  if (command_pid < 0) {
    fprintf(stderr, "dyno-reaper: fork: %s\n", strerror(errno));
    return 126;
  }
  if (command_pid == 0) run_command(argv + 1, &original_mask);
  /* Also here, so a signal we pass on right away already finds the command's group. */
  setpgid(command_pid, command_pid);

  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&handled, &info);
    if (sig < 0) continue; /* EINTR */
    if (sig == SIGCHLD) {
      reap();
    } else if (sig == SIGHUP && (info.si_code == SI_KERNEL || getppid() != parent_pid)) {
      kill_everything();
    } else if (sig == KILL_REQUEST && info.si_code == SI_USER && info.si_pid == parent_pid) {
      kill_everything();
    } else {
      signal_descendants(sig, 1);
    }
    if (command_done) finish();
  }
}

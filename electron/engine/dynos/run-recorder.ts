// Build steps and release commands in the orphan record (dynos.json), next to the dynos. Nothing
// hangs up on them when the engine dies (they have no pty), so a build killed with its engine
// could run on under init forever; the next engine sweeps them like a dead engine's dynos.
import { readStartTimeSync, type ProcessTable } from '../metrics/process-table.js';
import type { RecordedProcess } from './dyno-record.js';
import { ProcessTree } from './process-tree.js';

/** Where a command that runs to completion (build step, release command) records its process. */
export interface ProcessRecorder {
  /**
   * The command started as `pid`; call the returned function once it has finished. `tracked: false`
   * spares it the every-second refresh of membership-tracker.ts, for a run nothing can leave unseen:
   * one under the reaper, or a server whose helpers stay in its process group (the sweep takes the
   * group whole). The 3 s metrics sample still refreshes its record.
   */
  started(pid: number, opts?: { tracked?: boolean }): () => void;
}

interface Run {
  app: string;
  /** Shown as the record's dyno: "build", "release.3". */
  label: string;
  tree: ProcessTree;
  tracked: boolean;
}

export class RecordedRuns {
  private readonly runs = new Set<Run>();

  constructor(private readonly changed: () => void) {}

  recorder(app: string, label: string): ProcessRecorder {
    return {
      started: (pid, opts) => {
        const run: Run = { app, label, tree: new ProcessTree({ pid, startTime: readStartTimeSync(pid) }), tracked: opts?.tracked ?? true };
        this.runs.add(run);
        this.changed();
        return () => {
          if (this.runs.delete(run)) this.changed();
        };
      },
    };
  }

  /** The runs fallback tracking must keep current (see ProcessRecorder.started). */
  trackedTrees(): ProcessTree[] {
    return [...this.runs].filter((r) => r.tracked).map((r) => r.tree);
  }

  /** The record's entries: each run's root (its session and group are ours too) and every descendant seen. */
  record(): RecordedProcess[] {
    const out: RecordedProcess[] = [];
    for (const { app, label, tree } of this.runs) {
      for (const m of tree.members()) {
        if (m.startTime === null) continue;
        out.push({ pid: m.pid, startTime: m.startTime, app, dyno: label, root: m.pid === tree.root.pid });
      }
    }
    return out;
  }

  /** Learn descendants from a snapshot; true if any run's membership changed. */
  update(table: ProcessTable): boolean {
    let changed = false;
    for (const { tree } of this.runs) changed = tree.update(table) || changed;
    return changed;
  }
}

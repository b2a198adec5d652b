// The app's unified log: live, filterable, searchable, pausable. Lines are kept in a ref and the view
// re-renders at most every RENDER_EVERY_MS with at most MAX_RENDERED rows, so a chatty app cannot swamp
// the DOM (under a flood the interval stretches: nobody reads 10k lines a second anyway).
import { memo, startTransition, useEffect, useMemo, useRef, useState } from 'react';
import type { LogLine } from '../../shared/types.js';
import { useServices } from '../state/context.js';
import { stripAnsi } from '../format.js';
import { NO_FILTER, dynoType, lineMatches, requestIdOf, shortTime } from './log-filter.js';
import type { LogFilter } from './log-filter.js';

const MAX_KEPT = 10_000;
const MAX_RENDERED = 250;
const INITIAL_LINES = 1000;
const RENDER_EVERY_MS = 100;
const RENDER_EVERY_MS_FLOODED = 400;
/** Lines arriving between two renders above which the view counts as flooded. */
const FLOODED_LINES = 500;

/** A log line with an arrival number: a stable React key that survives the front of the buffer being trimmed. */
interface Row { seq: number; line: LogLine }
export const LogsPanel = memo(function LogsPanel({ app, active }: { app: string; active: boolean }): React.JSX.Element {
  const { api } = useServices();
  const lines = useRef<Row[]>([]);
  const [version, setVersion] = useState(0);
  const [filter, setFilter] = useState<LogFilter>(NO_FILTER);
  const [paused, setPaused] = useState(false);
  const [frozenAt, setFrozenAt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const activeRef = useRef(active);
  activeRef.current = active;

  useEffect(() => {
    let loaded = false;
    let early: LogLine[] = [];
    // The backlog holds lines the engine has not sent live yet (it holds them back briefly to keep
    // the stream in time order): a live line no newer than the backlog's last one is already here.
    let last = '';
    let timer: ReturnType<typeof setTimeout> | null = null;
    let seq = 0;
    let sinceRender = 0;
    const bump = (): void => {
      if (timer !== null) return;
      const wait = sinceRender > FLOODED_LINES ? RENDER_EVERY_MS_FLOODED : RENDER_EVERY_MS;
      timer = setTimeout(() => {
        timer = null;
        if (!activeRef.current) return;
        sinceRender = 0;
        // A transition: React may interrupt it for a click, so a busy log never delays input.
        startTransition(() => setVersion((v) => v + 1));
      }, wait);
    };
    const keep = (more: LogLine[]): void => {
      const all = lines.current;
      for (const l of more) all.push({ seq: seq++, line: { ...l, text: stripAnsi(l.text) } });
      if (all.length > MAX_KEPT) all.splice(0, all.length - MAX_KEPT);
      sinceRender += more.length;
      bump();
    };
    const off = api.on('logs.lines', (p) => {
      if (p.app !== app) return;
      if (loaded) keep(p.lines.filter((l) => l.time > last)); else early.push(...p.lines);
    });
    void api['logs.get']({ app, lines: INITIAL_LINES }).then((res) => {
      if (!res.ok) { setError(res.error.message); }
      const initial = res.ok ? res.value : [];
      last = initial[initial.length - 1]?.time ?? '';
      loaded = true;
      keep([...initial, ...early.filter((l) => l.time > last)]);
      early = [];
    });
    return () => { off(); if (timer !== null) clearTimeout(timer); };
  }, [api, app]);

  // Catch up when the tab becomes visible again, after the tab switch itself has painted.
  useEffect(() => { if (active) startTransition(() => setVersion((v) => v + 1)); }, [active]);

  // While paused, the view holds still at the last line seen before pausing.
  const lastSeq = lines.current[lines.current.length - 1]?.seq ?? -1;
  const until = paused ? frozenAt : lastSeq;
  const { shown, dynos, types, total } = useMemo(() => {
    const all = lines.current.filter((r) => r.seq <= until);
    const dynoSet = new Set<string>();
    for (const r of all) dynoSet.add(r.line.dyno);
    const matched = all.filter((r) => lineMatches(r.line, filter));
    const sortedDynos = [...dynoSet].sort();
    return {
      shown: matched.slice(-MAX_RENDERED),
      total: matched.length,
      dynos: sortedDynos,
      types: [...new Set(sortedDynos.map(dynoType))].sort(),
    };
    // version: new lines arrived (lines is a ref)
  }, [version, filter, until]);

  useEffect(() => {
    const el = list.current;
    if (el && !paused) el.scrollTop = el.scrollHeight;
  }, [shown, paused]);

  const set = (patch: Partial<LogFilter>): void => setFilter((f) => ({ ...f, ...patch }));
  // Stable across renders so memoised rows do not re-render for it.
  const filterByRequest = useMemo(() => (id: string): void => setFilter((f) => ({ ...f, search: id, dyno: '', type: '' })), []);
  const waiting = paused ? Math.max(0, lastSeq - frozenAt) : 0;

  return (
    <div className="logs">
      <div className="logs-toolbar" role="toolbar" aria-label="Log filters">
        <label>Dyno
          <select aria-label="Dyno" value={filter.dyno} onChange={(e) => set({ dyno: e.target.value })}>
            <option value="">all</option>
            {dynos.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>
        <label>Type
          <select aria-label="Type" value={filter.type} onChange={(e) => set({ type: e.target.value })}>
            <option value="">all</option>
            {types.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label>Source
          <select aria-label="Source" value={filter.source} onChange={(e) => set({ source: e.target.value as LogFilter['source'] })}>
            <option value="">all</option>
            <option value="app">app</option>
            <option value="dynodesk">dynodesk</option>
          </select>
        </label>
        <label>Search logs
          <input type="search" aria-label="Search logs" value={filter.search} onChange={(e) => set({ search: e.target.value })} placeholder="text or request id" />
        </label>
        <button type="button" onClick={() => { if (!paused) setFrozenAt(lastSeq); setPaused(!paused); }} aria-pressed={paused}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="link" onClick={() => setFilter(NO_FILTER)}>Clear filters</button>
        <span className="muted" role="status">
          {paused ? `paused · ${waiting} new` : `${total} lines${total > MAX_RENDERED ? ` (last ${MAX_RENDERED} shown)` : ''}`}
        </span>
      </div>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <ol className="log-lines" ref={list} aria-label="Log lines" tabIndex={0}>
        {shown.map((r) => <LogRow key={r.seq} line={r.line} onRequest={filterByRequest} />)}
      </ol>
    </div>
  );
});

const LogRow = memo(function LogRow({ line, onRequest }: { line: LogLine; onRequest(id: string): void }): React.JSX.Element {
  const rid = line.dyno === 'router' ? requestIdOf(line.text) : null;
  return (
    <li className={`log-line src-${line.source}${line.dyno === 'router' ? ' src-router' : ''}`}>
      <time dateTime={line.time}>{shortTime(line.time)}</time>
      <span className="log-dyno">{line.source}[{line.dyno}]</span>
      <span className="log-text">
        {rid ? (
          <>{rid.before}<button type="button" className="rid" aria-label={`Filter by request ${rid.id}`} onClick={() => onRequest(rid.id)}>{rid.id}</button>{rid.after}</>
        ) : line.text}
      </span>
    </li>
  );
});

// Runs one command and measures its wall time and the peak memory of its whole process tree.
//
// Peak memory method (Linux /proc): every ~50 ms the tree under the child is listed through
// /proc/<pid>/task/<tid>/children (or, where the kernel lacks that file, by reading the parent pid of
// every process in /proc) and the VmRSS of its processes is summed; the peak is the largest sum seen.
// Worker threads belong to their process, so its VmRSS already covers them. Short spikes between two
// samples would be missed by sampling alone, so each process's VmHWM (its own exact resident peak) is
// also read, and the result is the larger of the sampled tree peak and the largest single-process
// VmHWM: for a one-process tool (ectus with worker threads, ESLint) that is exact, for a tree it is a
// close lower bound. VmHWM is read from the last sample before the process exits, so a process that
// lives less than one interval may be missed; that costs at most a few MB for a helper process.
// Outside Linux there is no /proc and memory is reported as unknown.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const SAMPLE_MS = 50;
const HAS_PROC = existsSync('/proc/self/status');

/** { rss, hwm } in kB for one process; zeros when it ended between listing and reading. */
function readMemoryKb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

function childrenViaTasks(pid) {
  const children = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
    if (text) for (const child of text.split(/\s+/)) children.push(Number(child));
  }
  return children;
}

function childrenViaScan(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in field 2 may hold spaces or parentheses: parse after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // gone already
    }
  }
  return children;
}

let childrenOf = childrenViaTasks;

function processTree(root) {
  const tree = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop();
    tree.push(pid);
    try {
      stack.push(...childrenOf(pid));
    } catch (error) {
      if (childrenOf === childrenViaTasks && error.code === 'ENOENT' && existsSync(`/proc/${pid}`)) {
        childrenOf = childrenViaScan; // kernel without CONFIG_PROC_CHILDREN
        stack.push(...childrenOf(pid));
      }
    }
  }
  return tree;
}

/**
 * Runs `command args` and resolves with { code, signal, timedOut, seconds, peakRssMb, loadAtStart, stdout, stderr }
 * (`loadAtStart`: the machine's 1-minute load average when the command started).
 * stdout/stderr keep only their last `keepBytes` (a linter's report of a million lines is large).
 * `onTick(elapsedSeconds)` is called every `tickSeconds` so long runs show they are alive.
 */
export function measure(command, args, { env, cwd, timeoutMs, keepBytes = 1 << 20, onTick, tickSeconds = 10 } = {}) {
  return new Promise((resolve, reject) => {
    const loadAtStart = loadavg()[0];
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tails = { stdout: '', stderr: '' };
    for (const stream of ['stdout', 'stderr']) {
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk) => {
        tails[stream] = (tails[stream] + chunk).slice(-keepBytes);
      });
    }
    let peakSumKb = 0;
    let peakHwmKb = 0;
    const sample = () => {
      if (!HAS_PROC || child.pid === undefined) return;
      let sum = 0;
      for (const pid of processTree(child.pid)) {
        const { rss, hwm } = readMemoryKb(pid);
        sum += rss;
        peakHwmKb = Math.max(peakHwmKb, hwm);
      }
      peakSumKb = Math.max(peakSumKb, sum);
    };
    const sampler = setInterval(sample, SAMPLE_MS);
    let lastTick = 0;
    const ticker = onTick
      ? setInterval(() => {
          const elapsed = (performance.now() - started) / 1000;
          if (elapsed - lastTick >= tickSeconds) {
            lastTick = elapsed;
            onTick(elapsed);
          }
        }, 1000)
      : undefined;
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutMs)
      : undefined;
    child.on('error', (error) => {
      clearInterval(sampler);
      clearInterval(ticker);
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      clearInterval(ticker);
      clearTimeout(timer);
      const peakKb = Math.max(peakSumKb, peakHwmKb);
      // stdio may still be flushing after 'exit'; 'close' guarantees the tails are complete.
      const finish = () =>
        resolve({
          code,
          signal,
          timedOut,
          seconds,
          peakRssMb: HAS_PROC ? peakKb / 1024 : undefined,
          loadAtStart,
          stdout: tails.stdout,
          stderr: tails.stderr,
        });
      child.once('close', finish);
    });
  });
}

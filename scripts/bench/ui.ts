// Progress output: a redrawn bar on a terminal, a few plain lines otherwise (CI logs).

const tty = process.stderr.isTTY;

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/**
 * A bar for `total` steps. With `unit` ("rows"), it also shows the rate, and off a terminal prints one
 * line when done instead of a line a quarter.
 */
export function progress(label: string, total: number, { unit = '' } = {}) {
  const started = performance.now();
  let lastQuarter = -1;
  const rate = (done: number) => {
    const seconds = (performance.now() - started) / 1000;
    return unit && done > 0 && seconds > 0 ? `, ${Math.round(done / seconds).toLocaleString('en')} ${unit}/s` : '';
  };
  const draw = (done: number) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    if (tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      const percent = unit ? ` ${Math.floor(fraction * 100)}%${rate(done)}` : '';
      process.stderr.write(`\r  ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${percent}\x1b[K`);
    } else if (!unit) {
      const quarter = Math.floor(fraction * 4);
      if (quarter !== lastQuarter) {
        lastQuarter = quarter;
        process.stderr.write(`  ${label}: ${done}/${total}\n`);
      }
    }
  };
  draw(0);
  return {
    update: draw,
    done(note = '') {
      draw(total);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const summary = tty
        ? ` ${seconds} s`
        : unit
          ? `  ${label}: ${total}/${total} ${unit} (100%) in ${seconds} s${rate(total)}`
          : `  ${label}: done in ${seconds} s`;
      process.stderr.write(`${summary}${note ? ` ${note}` : ''}\n`);
    },
  };
}

/** A countdown line for a timed phase. */
export function timed(label: string, seconds: number) {
  const started = performance.now();
  const timer = setInterval(() => {
    const elapsed = (performance.now() - started) / 1000;
    if (tty) process.stderr.write(`\r  ${label} ${elapsed.toFixed(0)}/${seconds} s`);
  }, 500);
  if (!tty) process.stderr.write(`  ${label} (${seconds} s)…\n`);
  return {
    done(summary: string) {
      clearInterval(timer);
      process.stderr.write(`${tty ? `\r  ${label} ` : '  '}${tty ? '' : `${label}: `}${summary}\n`);
    },
  };
}

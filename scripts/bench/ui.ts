// Progress output: a redrawn bar on a terminal, a few plain lines otherwise (CI logs).

const tty = process.stderr.isTTY;

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function progress(label: string, total: number) {
  const started = performance.now();
  let lastQuarter = -1;
  const draw = (done: number) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    if (tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r  ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    } else {
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
      process.stderr.write(`${tty ? '' : '  '}${tty ? ` ${seconds} s` : `${label}: done in ${seconds} s`}${note ? ` ${note}` : ''}\n`);
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

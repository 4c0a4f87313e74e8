// Preloaded into the nester and harvester processes by `npm run bench:remote -- --profile DIR`
// (through NODE_OPTIONS, where --cpu-prof is not allowed): a V8 CPU profile of the whole
// process, written as DIR/<role>-<pid>.cpuprofile when it exits. Other processes are left alone.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const dir = process.env.SEAHAWKS_BENCH_PROFILE_DIR;
const argv = process.argv.join(' ');
const role = / nester serve/.test(argv) ? 'nester' : / harvester run/.test(argv) ? 'harvester' : undefined;

if (dir && role) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  // On the main thread the inspector answers synchronously, so this works inside 'exit'.
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (err) process.stderr.write(`cannot write the CPU profile: ${err.message}\n`);
      else writeFileSync(`${dir}/${role}-${process.pid}.cpuprofile`, JSON.stringify(result.profile));
    });
  });
}

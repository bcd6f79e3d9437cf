/**
 * What a child process must inherit to share this process's clock and time zone: the suite also
 * runs under libfaketime (npm run test:any-date), and the app compares Slack's request timestamps
 * with its clock, so an app in a child process must see the same time as the driver signing for it.
 */
export function clockEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && /^(LD_PRELOAD|FAKETIME\w*|TZ)$/.test(e[0])),
  );
}

/**
 * Preloaded into an app process by the fault suite (-r) when FAULT_CLOCK_OFFSET_MS is set: the process's clock
 * (Date, Date.now) runs that far ahead, so a scenario can put a worker just before or just after midnight in
 * BUSINESS_TZ without touching the machine's clock. The database's clock is not shifted.
 */
const offset = Number(process.env.FAULT_CLOCK_OFFSET_MS ?? 0);
if (offset) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [string]));
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}

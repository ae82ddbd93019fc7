import type { CliIO } from "../cli/io.js";
import { countVerdicts, type StatusReport } from "../fleet/status.js";
import { progressStyle } from "./fleet-progress.js";

/** `status --wait` progress: one spinner line on a terminal that can draw it, nothing elsewhere (CI logs stay clean). */
export interface WaitProgress {
  update(report: StatusReport, remainingMs: number): void;
  stop(): void;
}

export async function createWaitProgress(io: CliIO): Promise<WaitProgress> {
  const stream = io.stderrStream;
  if (progressStyle(io) !== "spinner" || !stream) return { update() {}, stop() {} };
  const { default: ora } = await import("ora");
  const spinner = ora({ stream, text: "reading control planes", discardStdin: false, isEnabled: true }).start();
  return {
    update(report, remainingMs) {
      const counts = countVerdicts(report.rows);
      spinner.text = `waiting: ${counts.ready}/${report.rows.length} ready · ${Math.ceil(remainingMs / 1000)}s left`;
    },
    stop() {
      spinner.stop();
    },
  };
}

import { histogramLibraries } from "./histogram-libraries.js";
import { patchLibraries } from "./patch-libraries.js";
import { recordViewPairs } from "./recorded-views.js";
import { progress, type Table } from "./report.js";

/** The hand-written patch diff and histogram against the libraries that could replace them. */
export async function libraries(quick: boolean): Promise<Table[]> {
  progress("libraries: recording public views from seeded games");
  const pairs = await recordViewPairs(quick ? 1 : 3);
  progress(`libraries: ${pairs.length} view pairs; diffing`);
  const patch = patchLibraries(pairs, quick);
  progress("libraries: histograms");
  return [patch, histogramLibraries(quick)];
}

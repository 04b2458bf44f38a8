// XS script for bench/xs/auth-compute.mjs: one owner-password check per evaluate, whose compute units the xsnap
// worker's meter reports (deterministic, unlike wall time on a shared machine). Never measures by itself.
import { KDF_PARAMS } from "../../src/auth/password-hash";
import { timeCheck } from "./auth-workload";

let finished = 0;
(globalThis as Record<string, unknown>).authCompute = {
  check: (iterations: number) => void timeCheck(iterations, KDF_PARAMS.sliceIterations, () => 0).then(() => finished++),
  finished: () => finished,
};

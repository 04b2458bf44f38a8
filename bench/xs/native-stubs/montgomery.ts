// `montgomery` for the HAP remainder bench (see tape.ts).
export { contextOp as context, startOp as start, stepOp as step, resultOp as result } from "./tape";

// `crypt` for the HAP remainder bench (see tape.ts).
export { Digest, StreamCipher } from "./tape";

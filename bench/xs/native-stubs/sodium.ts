// `sodium` for the HAP remainder bench (see tape.ts).
export {
  x25519Op as x25519,
  x25519BaseOp as x25519Base,
  ed25519PublicKeyOp as ed25519PublicKey,
  ed25519SignOp as ed25519Sign,
  ed25519VerifyOp as ed25519Verify,
  poly1305Op as poly1305,
  aeadTagOp as aeadTag,
} from "./tape";

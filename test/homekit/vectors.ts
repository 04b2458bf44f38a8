// Published test vectors for every HAP crypto primitive, shared by the jest lane and the XS lane.
// Node-free on purpose (hex strings only): the XS suite imports this file unchanged.

/** FIPS 180-2 SHA-512 of "abc". */
export const SHA512_ABC = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

/**
 * HKDF-SHA512 on the inputs of RFC 5869 test cases 1–3 (the RFC lists only SHA-256/SHA-1 outputs).
 * Expected outputs computed once with Node's crypto.hkdfSync (OpenSSL) and re-checked against it in jest;
 * the last one uses HAP's pair-setup salt/info strings.
 */
export const HKDF_SHA512 = Object.freeze([
  { name: "RFC 5869 TC1 inputs", ikm: "0b".repeat(22), salt: "000102030405060708090a0b0c", info: "f0f1f2f3f4f5f6f7f8f9", length: 42, okm: "832390086cda71fb47625bb5ceb168e4c8e26a1a16ed34d9fc7fe92c1481579338da362cb8d9f925d7cb" },
  { name: "RFC 5869 TC2 inputs", ikm: seq(0x00, 80), salt: seq(0x60, 80), info: seq(0xb0, 80), length: 82, okm: "ce6c97192805b346e6161e821ed165673b84f400a2b514b2fe23d84cd189ddf1b695b48cbd1c8388441137b3ce28f16aa64ba33ba466b24df6cfcb021ecff235f6a2056ce3af1de44d572097a8505d9e7a93" },
  { name: "RFC 5869 TC3 inputs", ikm: "0b".repeat(22), salt: "", info: "", length: 42, okm: "f5fa02b18298a72a8c23898a8703472c6eb179dc204c03425c970e3b164bf90fff22d04836d0e2343bac" },
  { name: "HAP pair-setup strings", ikm: "42".repeat(32), salt: ascii("Pair-Setup-Encrypt-Salt"), info: ascii("Pair-Setup-Encrypt-Info"), length: 32, okm: "48ecfdfd57604b293ce3400652b89a635bca5f3819f8ad11ade7bf9a031cac2b" },
]);

/** RFC 7748 §5.2: X25519(scalar, u). */
export const X25519_SCALAR_MULT = Object.freeze([
  { scalar: "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", u: "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c", out: "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552" },
  { scalar: "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d", u: "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493", out: "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957" },
]);

/** RFC 7748 §6.1: Diffie-Hellman between Alice and Bob. */
export const X25519_DH = Object.freeze({
  alicePrivate: "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
  alicePublic: "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
  bobPrivate: "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
  bobPublic: "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
  shared: "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
});

/** RFC 8032 §7.1 Ed25519 tests 1–3. */
export const ED25519 = Object.freeze([
  { secret: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", public: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", message: "", signature: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
  { secret: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", public: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", message: "72", signature: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
  { secret: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", public: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", message: "af82", signature: "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
]);

/** RFC 8439 §2.8.2 AEAD_CHACHA20_POLY1305 example. */
export const CHACHA20_POLY1305 = Object.freeze({
  key: seq(0x80, 32),
  nonce: "070000004041424344454647",
  aad: "50515253c0c1c2c3c4c5c6c7",
  plaintext: ascii("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."),
  ciphertext:
    "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116",
  tag: "1ae10b594f09e26a7e902ecbd0600691",
});

/** RFC 5054 Appendix B: SRP-6a with the 1024-bit group and SHA-1, user "alice", password "password123". */
export const SRP_RFC5054 = Object.freeze({
  username: "alice",
  password: "password123",
  salt: "BEB25379D1A8581EB5A727673A2441EE",
  k: "7556AA045AEF2CDD07ABAF0F665C3E818913186F",
  x: "94B7555AABE9127CC58CCF4993DB6CF84D16C124",
  v: "7E273DE8696FFC4F4E337D05B4B375BEB0DDE1569E8FA00A9886D8129BADA1F1822223CA1A605B530E379BA4729FDC59F105B4787E5186F5C671085A1447B52A48CF1970B4FB6F8400BBF4CEBFBB168152E08AB5EA53D15C1AFF87B2B9DA6E04E058AD51CC72BFC9033B564E26480D78E955A5E29E7AB245DB2BE315E2099AFB",
  a: "60975527035CF2AD1989806F0407210BC81EDC04E2762A56AFD529DDDA2D4393",
  b: "E487CB59D31AC550471E81F00F6928E01DDA08E974A004F49E61F5D105284D20",
  A: "61D5E490F6F1B79547B0704C436F523DD0E560F0C64115BB72557EC44352E8903211C04692272D8B2D1A5358A2CF1B6E0BFCF99F921530EC8E39356179EAE45E42BA92AEACED825171E1E8B9AF6D9C03E1327F44BE087EF06530E69F66615261EEF54073CA11CF5858F0EDFDFE15EFEAB349EF5D76988A3672FAC47B0769447B",
  B: "BD0C61512C692C0CB6D041FA01BB152D4916A1E77AF46AE105393011BAF38964DC46A0670DD125B95A981652236F99D9B681CBF87837EC996C6DA04453728610D0C6DDB58B318885D7D82C7F8DEB75CE7BD4FBAA37089E6F9C6059F388838E7A00030B331EB76840910440B1B27AAEAEEB4012B7D7665238A8E3FB004B117B58",
  u: "CE38B9593487DA98554ED47D70A7AE5F462EF019",
  premaster: "B0DC82BABCF30674AE450C0287745E7990A3381F63B387AAF271A10D233861E359B48220F7C4693C9AE12B0A6F67809F0876E2D013800D6C41BB59B6D5979B5C00A172B4A2A5903A0BDCAF8A709585EB2AFAFA8F3499B200210DCC1F10EB33943CD67FC88A2F39A4BE5BEC4EC0A3212DC346D7E474B29EDE8A469FFECA686E5A",
});

function seq(start: number, count: number): string {
  let out = "";
  for (let i = 0; i < count; i++) out += ((start + i) & 0xff).toString(16).padStart(2, "0");
  return out;
}

function ascii(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).padStart(2, "0");
  return out;
}

import assert from "node:assert/strict";
import { checkMutation, checkPeer, isLoopback, TOKEN_HEADER } from "../../src/console/guard.ts";
import { HttpError } from "../../src/http/errors.ts";
import { setRemoteAddress } from "../../src/http/remote_addr.ts";

Deno.test("isLoopback - loopback addresses only", async (t) => {
  const cases: [string, boolean][] = [
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["[::1]", true],
    ["::ffff:127.0.0.1", true],
    ["10.0.0.1", false],
    ["192.168.0.127", false],
    ["::ffff:10.0.0.1", false],
    ["1127.0.0.1", false],
    ["fe80::1", false],
  ];
  for (const [address, loopback] of cases) {
    await t.step(`${address} → ${loopback}`, () => assert.equal(isLoopback(address), loopback));
  }
});

function request(peer: string | undefined, init: RequestInit & { url?: string } = {}): Request {
  const r = new Request(init.url ?? "http://localhost:8000/_apifn/", init);
  if (peer) setRemoteAddress(r, { transport: "tcp", hostname: peer, port: 1 });
  return r;
}

function status(check: () => void): number {
  try {
    check();
    return 200;
  } catch (error) {
    assert.ok(error instanceof HttpError);
    return error.status;
  }
}

Deno.test("checkPeer - 403 for other peers and for host names that are not this machine", async (t) => {
  const cases: [string, Request, number][] = [
    ["loopback peer, localhost", request("127.0.0.1"), 200],
    ["IPv6 loopback, [::1] host", request("::1", { url: "http://[::1]:8000/_apifn/" }), 200],
    ["a *.localhost name", request("127.0.0.1", { url: "http://app.localhost:8000/" }), 200],
    ["LAN peer", request("192.168.1.20"), 403],
    ["no peer recorded", request(undefined), 403],
    ["rebinding host name", request("127.0.0.1", { url: "http://evil.example:8000/_apifn/" }), 403],
  ];
  for (const [name, r, expected] of cases) {
    await t.step(`${name} → ${expected}`, () => assert.equal(status(() => checkPeer(r)), expected));
  }
});

Deno.test("checkMutation - needs the page's origin and the token", async (t) => {
  const origin = "http://localhost:8000";
  const cases: [string, Record<string, string>, number][] = [
    ["origin and token", { origin, [TOKEN_HEADER]: "tok" }, 200],
    ["no origin", { [TOKEN_HEADER]: "tok" }, 403],
    ["another origin", { origin: "http://evil.example", [TOKEN_HEADER]: "tok" }, 403],
    ["no token", { origin }, 403],
    ["a wrong token", { origin, [TOKEN_HEADER]: "tok2" }, 403],
  ];
  for (const [name, headers, expected] of cases) {
    await t.step(`${name} → ${expected}`, () => {
      const r = request("127.0.0.1", { method: "POST", headers });
      assert.equal(status(() => checkMutation(r, "tok")), expected);
    });
  }
});

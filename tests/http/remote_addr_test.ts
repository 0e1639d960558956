import assert from "node:assert/strict";
import { copyRemoteAddress, remoteAddress, setRemoteAddress } from "../../src/http/remote_addr.ts";

Deno.test("remoteAddress - reads what was recorded for the request", async (t) => {
  const tcp: Deno.NetAddr = { transport: "tcp", hostname: "10.0.0.7", port: 5123 };
  const cases: [string, Parameters<typeof setRemoteAddress>[1] | undefined, unknown][] = [
    ["an address", tcp, { hostname: "10.0.0.7", port: 5123 }],
    ["Deno.serve's handler info", { remoteAddr: tcp }, { hostname: "10.0.0.7", port: 5123 }],
    ["a unix socket has no IP", { transport: "unix", path: "/tmp/s" }, undefined],
    ["nothing recorded", undefined, undefined],
  ];
  for (const [name, recorded, expected] of cases) {
    await t.step(name, () => {
      const request = new Request("http://localhost/");
      if (recorded !== undefined) setRemoteAddress(request, recorded);
      assert.deepEqual(remoteAddress(request), expected);
    });
  }
});

Deno.test("remoteAddress - reads handler info only when asked", () => {
  let reads = 0;
  const info = {
    get remoteAddr(): Deno.NetAddr {
      reads++;
      return { transport: "tcp", hostname: "::1", port: 1 };
    },
  };
  const request = new Request("http://localhost/");
  setRemoteAddress(request, info);
  assert.equal(reads, 0);
  assert.deepEqual(remoteAddress(request), { hostname: "::1", port: 1 });
  assert.equal(reads, 1);
});

Deno.test("copyRemoteAddress - carries the address to a derived request", () => {
  const from = new Request("http://localhost/");
  const to = new Request(from);
  assert.equal(remoteAddress(to), undefined);
  setRemoteAddress(from, { transport: "tcp", hostname: "127.0.0.1", port: 9 });
  copyRemoteAddress(from, to);
  assert.deepEqual(remoteAddress(to), { hostname: "127.0.0.1", port: 9 });
});

Deno.test("remoteAddress - another copy of the module sees the same address", async () => {
  const other = await import(`../../src/http/remote_addr.ts?copy=${crypto.randomUUID()}`) as {
    remoteAddress: typeof remoteAddress;
  };
  const request = new Request("http://localhost/");
  setRemoteAddress(request, { transport: "tcp", hostname: "10.1.1.1", port: 2 });
  assert.deepEqual(other.remoteAddress(request), { hostname: "10.1.1.1", port: 2 });
});

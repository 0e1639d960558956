/**
 * Reading a Server-Sent Events response in end-to-end tests: events and comments, in order,
 * each read bounded by a generous deadline.
 *
 * @module
 */

/** One SSE frame: an event (`id`, `data` as JSON) or a comment. */
export interface SseFrame {
  id?: string;
  data?: unknown;
  comment?: string;
}

/** Generous: the machine may be busy; a missing event fails instead of hanging. */
const DEADLINE_MS = 20_000;

/** An open event stream. */
export interface EventReader {
  /** The response (status, headers). */
  response: Response;
  /** Frames until `accept` takes one; the others are returned too, in order. */
  until(what: string, accept: (frame: SseFrame) => boolean): Promise<SseFrame[]>;
  /** The next `n` events (comments skipped). */
  events(n: number): Promise<SseFrame[]>;
  /** Disconnects. */
  close(): Promise<void>;
}

function parse(text: string): SseFrame {
  const frame: SseFrame = {};
  for (const line of text.split("\n")) {
    if (line.startsWith(":")) frame.comment = line.slice(1).trim();
    else if (line.startsWith("id: ")) frame.id = line.slice(4);
    else if (line.startsWith("data: ")) frame.data = JSON.parse(line.slice(6));
  }
  return frame;
}

/**
 * Opens an event stream.
 *
 * @param url The URL.
 * @param headers Request headers (e.g. `Last-Event-ID`).
 * @returns The reader.
 */
export async function openEvents(url: string, headers: HeadersInit = {}): Promise<EventReader> {
  const response = await fetch(url, { headers });
  if (response.body === null) throw new Error(`No body from ${url}: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const next = async (): Promise<SseFrame> => {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const text = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return parse(text);
      }
      const { done, value } = await reader.read();
      if (done) throw new Error("The event stream ended");
      buffer += value;
    }
  };
  const until = async (what: string, accept: (frame: SseFrame) => boolean) => {
    const seen: SseFrame[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`No ${what} within ${DEADLINE_MS} ms; saw ${JSON.stringify(seen)}`)),
        DEADLINE_MS,
      );
    });
    try {
      return await Promise.race([
        (async () => {
          for (;;) {
            const frame = await next();
            seen.push(frame);
            if (accept(frame)) return seen;
          }
        })(),
        deadline,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    response,
    until,
    async events(n) {
      let count = 0;
      const frames = await until(`${n} events`, (f) => f.comment === undefined && ++count === n);
      return frames.filter((f) => f.comment === undefined);
    },
    close: () => reader.cancel(),
  };
}

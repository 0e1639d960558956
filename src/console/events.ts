/**
 * Server-Sent Events to the open console pages: `routes` when the route table or its problems
 * change, `request` for each request the app answers. Closing the hub ends every stream, so a
 * server's graceful shutdown does not wait on open pages.
 *
 * @module
 */

const encoder = new TextEncoder();
/** Events queued for a page before it is let go. */
const MAX_QUEUED = 1000;

/** The open event streams of a console. */
export class EventHub {
  #clients = new Set<ReadableStreamDefaultController<Uint8Array>>();
  #closed = false;

  /** How many pages listen. */
  get size(): number {
    return this.#clients.size;
  }

  /**
   * Opens a stream for one page.
   *
   * @returns The `text/event-stream` body.
   */
  open(): ReadableStream<Uint8Array> {
    let self: ReadableStreamDefaultController<Uint8Array>;
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        self = controller;
        if (this.#closed) return controller.close();
        this.#clients.add(controller);
        // A first comment: the page knows it is connected.
        controller.enqueue(encoder.encode(": connected\n\n"));
      },
      cancel: () => {
        this.#clients.delete(self);
      },
    });
  }

  /**
   * Sends an event to every page.
   *
   * @param event The event name.
   * @param data Its JSON data.
   */
  send(event: string, data: unknown): void {
    if (this.#clients.size === 0) return;
    const chunk = encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    for (const client of this.#clients) {
      try {
        // A page that stopped reading is let go rather than buffered for without end.
        if ((client.desiredSize ?? 0) < -MAX_QUEUED) throw new Error("page stopped reading");
        client.enqueue(chunk);
      } catch {
        this.#clients.delete(client);
        try {
          client.close();
        } catch {
          // Already closed.
        }
      }
    }
  }

  /** Ends every stream; later ones end at once. */
  close(): void {
    this.#closed = true;
    for (const client of this.#clients) {
      try {
        client.close();
      } catch {
        // Already closed by the page.
      }
    }
    this.#clients.clear();
  }
}

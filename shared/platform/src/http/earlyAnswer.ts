import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How much of a request body still arriving after its answer is read and dropped, and how long
 * the connection is kept for the client to read that answer.
 */
export interface EarlyAnswerLimits {
  bytes: number;
  ms: number;
}

export const EARLY_ANSWER_LIMITS: EarlyAnswerLimits = { bytes: 4 * 1024 * 1024, ms: 5000 };

/**
 * The connections of requests answered before their body arrived whole (a refused upload, say).
 * Closing such a connection while the client still sends makes the kernel reset it, and a reset
 * can destroy the answer before the client reads it; reading the rest whole lets anyone make the
 * server read without end. So the rest is read and dropped up to `limits.bytes`, then no further
 * (the client's writes stall while it reads the answer), and the connection is cut after
 * `limits.ms`, or as soon as the server closes.
 */
export class EarlyAnswers {
  private readonly lingering = new Set<Socket>();

  constructor(private readonly limits: EarlyAnswerLimits = EARLY_ANSWER_LIMITS) {}

  /** Call as a request arrives, before its handler can answer. */
  watch(req: IncomingMessage, res: ServerResponse): void {
    // 'prefinish' comes before Node's own 'finish' handling, which would otherwise read an unread
    // body whole. An answer that says `Connection: close` is still closed by Node as soon as it is
    // sent, so answers that may come early (refused uploads) do not say it.
    res.once('prefinish', () => {
      if (req.complete || req.destroyed) return;
      this.linger(req);
    });
  }

  /** Cuts every connection still lingering. */
  closeAll(): void {
    for (const socket of this.lingering) socket.destroy();
  }

  private linger(req: IncomingMessage): void {
    const { socket } = req;
    this.lingering.add(socket);
    const timer = setTimeout(() => socket.destroy(), this.limits.ms);
    timer.unref();
    // A kept-alive connection sees many requests: leave no listener behind on it.
    const done = () => {
      clearTimeout(timer);
      this.lingering.delete(socket);
      socket.off('close', done);
      req.off('end', done);
    };
    req.once('end', done);
    socket.once('close', done);
    let dropped = 0;
    // The answer is given: nothing else reads this request any more.
    req.unpipe();
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > this.limits.bytes) req.pause();
    });
    req.resume();
  }
}

/**
 * The app's handle on the job queue. The HTTP app is built before the job runtime starts (and tests
 * build it without one), so routes queue work through this handle, which the runtime attaches to
 * once it runs. Until then `send` reports that nothing was queued and the caller decides what that means.
 */

/** Anything that can queue a job by queue name (the JobRuntime). */
export interface JobSender {
  send(queue: string, data: Record<string, unknown>): Promise<void>;
}

/** A job queue the runtime attaches to after start-up. */
export class LateJobQueue {
  #sender: JobSender | undefined;

  /** Routes `send` to the started runtime (or detaches with undefined). */
  attach(sender: JobSender | undefined): void {
    this.#sender = sender;
  }

  /** Queues a job; false when no runtime is attached, so nothing was queued. */
  async send(queue: string, data: Record<string, unknown>): Promise<boolean> {
    if (!this.#sender) return false;
    await this.#sender.send(queue, data);
    return true;
  }
}

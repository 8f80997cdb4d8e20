import { RateLimiterMemory } from "rate-limiter-flexible";

/**
 * Failed admin logins per client address: past `perMinute` failures in a minute the address is
 * refused outright, even with the right credentials, until the minute has passed. One lockout is
 * shared by every admin entrance (the `/admin` tokens and the admin UI's password), so a guesser
 * cannot switch doors.
 */
export class AuthLockout {
  private readonly failures: RateLimiterMemory;

  constructor(readonly perMinute = 10) {
    this.failures = new RateLimiterMemory({ points: perMinute, duration: 60 });
  }

  async blocked(address: string): Promise<boolean> {
    const res = await this.failures.get(address);
    return res !== null && res.remainingPoints <= 0;
  }

  async failed(address: string): Promise<void> {
    await this.failures.consume(address).catch(() => undefined);
  }
}

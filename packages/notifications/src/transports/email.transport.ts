import nodemailer from "nodemailer";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (our delivery id and template), so a message in any mailbox traces back to its row. */
  headers?: Record<string, string>;
}

export interface EmailTransport {
  /** Resolves once the server accepted the message; the id is the Message-ID it was sent with. */
  send(message: EmailMessage): Promise<{ providerMessageId: string }>;
  close(): Promise<void>;
}

export interface SmtpTransportOptions {
  /** `smtp://host:port` (or `smtps://user:pass@host:port`). */
  url: string;
  from: string;
  /** Bounds connect, greeting and each SMTP command. */
  timeoutMs: number;
}

/** Email over SMTP with nodemailer: Mailpit in development and tests, any relay in production. */
export function createSmtpTransport(options: SmtpTransportOptions): EmailTransport {
  const transporter = nodemailer.createTransport(
    {
      url: options.url,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    },
    { from: options.from },
  );
  return {
    async send(message) {
      const info = await transporter.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers ?? {},
      });
      // A server that accepts no recipient still answers 250 to DATA only if some RCPT passed; one
      // rejected address with no accepted one is a failure for our single-recipient sends.
      if (info.rejected.length > 0 && info.accepted.length === 0) {
        throw new Error(`SMTP server rejected ${message.to}: ${info.response}`);
      }
      return { providerMessageId: info.messageId };
    },
    async close() {
      transporter.close();
    },
  };
}

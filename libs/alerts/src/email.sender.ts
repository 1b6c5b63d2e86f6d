import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import type { Attachment } from 'nodemailer/lib/mailer';
import { APP_CONFIG, AppConfig } from '@patuh/config';

export interface OutgoingEmail {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** e.g. [{ filename: 'notice.pdf', content: buffer, contentType: 'application/pdf' }] */
  attachments?: Attachment[];
  headers?: Record<string, string>;
}

export class SmtpNotConfigured extends Error {
  constructor() {
    super('SMTP_URL not configured');
  }
}

/**
 * Sends mail through SMTP_URL (nodemailer). The one way Patuh sends email: alert deliveries, digests, admin
 * notices, and (for the case workflow) employer notices with attachments. Throws SmtpNotConfigured without
 * SMTP_URL so callers record the mail as undeliverable instead of dropping it.
 */
@Injectable()
export class EmailSender implements OnModuleDestroy {
  private transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return !!this.config.env.SMTP_URL;
  }

  private transporter(): Transporter {
    const url = this.config.env.SMTP_URL;
    if (!url) throw new SmtpNotConfigured();
    if (!this.transport) {
      const t = this.config.env.WEBHOOK_TIMEOUT_MS;
      this.transport = createTransport({
        url,
        connectionTimeout: t,
        greetingTimeout: t,
        socketTimeout: t,
      } as never);
    }
    return this.transport;
  }

  /** Resolves with the SMTP message id once the server accepted the message. */
  async send(mail: OutgoingEmail): Promise<string> {
    const info = (await this.transporter().sendMail({
      from: this.config.env.SMTP_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments,
      headers: mail.headers,
    })) as { messageId?: string };
    return info.messageId ?? '';
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

export { createNotificationServiceFromEnv } from "./notifications";
export {
  createNotificationService,
  E164,
  type NotificationService,
  type NotificationServiceDeps,
  type SendRequest,
  type SendResult,
  type UntypedSendRequest,
} from "./notification.service";
export {
  templateCatalog,
  templateNames,
  isTemplateName,
  channels,
  type Channel,
  type ChannelOf,
  type TemplateData,
  type TemplateName,
} from "./templates/template-catalog";
export {
  createTemplateRenderer,
  TEMPLATES_DIR,
  type RenderedEmail,
  type RenderedMessage,
  type RenderedSms,
  type RenderRequest,
  type TemplateRenderer,
  type TemplateRendererOptions,
} from "./templates/template-renderer";
export { createSmtpTransport, type EmailMessage, type EmailTransport, type SmtpTransportOptions } from "./transports/email.transport";
export { createFileSmsProvider, type SmsMessage, type SmsOutboxEntry, type SmsProvider } from "./transports/sms.provider";
export {
  notificationRequestedV1,
  type NotificationRequestedEvent,
  type NotificationRequestedPayload,
} from "./notification-requested.event";
export {
  createNotificationsConsumer,
  handleNotificationRequested,
  NOTIFICATIONS_GROUP,
  type NotificationsConsumerOptions,
} from "./notifications.consumer";
export {
  NotificationError,
  UnknownTemplateError,
  ChannelNotSupportedError,
  TemplateDataError,
  InvalidRecipientError,
  InvalidNotificationRequestError,
  IdempotencyConflictError,
  DeliveryFailedError,
  TemplatesIncompleteError,
  type NotificationErrorCode,
} from "./errors";
export { notificationsEnv, notificationsEnvSchema, type NotificationsEnv } from "./env";

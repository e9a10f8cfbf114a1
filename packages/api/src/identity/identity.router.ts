import { authedProcedure, createTRPCRouter, platformProcedure, publicProcedure, rateLimit } from "../trpc";
import { beginTotpEnrollmentHandler } from "./begin-totp-enrollment.handler";
import { changePasswordHandler } from "./change-password.handler";
import { changePasswordSchema } from "./change-password.schema";
import { completeSecondFactorHandler } from "./complete-second-factor.handler";
import { completeSecondFactorSchema } from "./complete-second-factor.schema";
import { confirmSmsSecondFactorHandler } from "./confirm-sms-second-factor.handler";
import { confirmSmsSecondFactorSchema } from "./confirm-sms-second-factor.schema";
import { confirmTotpEnrollmentHandler } from "./confirm-totp-enrollment.handler";
import { confirmTotpEnrollmentSchema } from "./confirm-totp-enrollment.schema";
import { decideFlagHandler } from "./decide-flag.handler";
import { decideFlagSchema } from "./decide-flag.schema";
import { disableEmailSecondFactorHandler } from "./disable-email-second-factor.handler";
import { disableSmsSecondFactorHandler } from "./disable-sms-second-factor.handler";
import { disableTotpHandler } from "./disable-totp.handler";
import { disableTotpSchema } from "./disable-totp.schema";
import { enableEmailSecondFactorHandler } from "./enable-email-second-factor.handler";
import { enableSmsSecondFactorHandler } from "./enable-sms-second-factor.handler";
import { enableSmsSecondFactorSchema } from "./enable-sms-second-factor.schema";
import { getSecurityOverviewHandler } from "./get-security-overview.handler";
import { listFlaggedIdentitiesHandler } from "./list-flagged-identities.handler";
import { listFlaggedIdentitiesSchema } from "./list-flagged-identities.schema";
import { listSessionsHandler } from "./list-sessions.handler";
import { loginHandler } from "./login.handler";
import { loginSchema } from "./login.schema";
import { logoutHandler } from "./logout.handler";
import { refreshHandler } from "./refresh.handler";
import { regenerateRecoveryCodesHandler } from "./regenerate-recovery-codes.handler";
import { regenerateRecoveryCodesSchema } from "./regenerate-recovery-codes.schema";
import { refreshSchema } from "./refresh.schema";
import { registerHandler } from "./register.handler";
import { registerSchema } from "./register.schema";
import { requestPasswordResetHandler } from "./request-password-reset.handler";
import { requestPasswordResetSchema } from "./request-password-reset.schema";
import { resetPasswordHandler } from "./reset-password.handler";
import { resetPasswordSchema } from "./reset-password.schema";
import { resendVerificationHandler } from "./resend-verification.handler";
import { resendVerificationSchema } from "./resend-verification.schema";
import { revokeSessionHandler } from "./revoke-session.handler";
import { revokeSessionSchema } from "./revoke-session.schema";
import { sendSecondFactorCodeHandler } from "./send-second-factor-code.handler";
import { sendSecondFactorCodeSchema } from "./send-second-factor-code.schema";
import { verifyEmailHandler } from "./verify-email.handler";
import { verifyEmailSchema } from "./verify-email.schema";

// Rate limits sit before `.input()`: a flood is refused before any parsing or hashing is paid for.
const signUp = publicProcedure.use(rateLimit("register"));
const signIn = publicProcedure.use(rateLimit("login"));
const secondFactor = publicProcedure.use(rateLimit("second-factor"));
const emailCheck = publicProcedure.use(rateLimit("email-verification"));
const passwordReset = publicProcedure.use(rateLimit("password-reset"));
// Open to unverified accounts too: a reset by the address's owner clears the factors of an account
// nobody had proved the address of (docs/decisions/0006), so a squatter's factor cannot lock them out.
const secondFactorSetup = authedProcedure.use(rateLimit("second-factor"));

export const identityRouter = createTRPCRouter({
  register: signUp.input(registerSchema).mutation(registerHandler),
  verifyEmail: emailCheck.input(verifyEmailSchema).mutation(verifyEmailHandler),
  resendVerification: emailCheck.input(resendVerificationSchema).mutation(resendVerificationHandler),

  login: signIn.input(loginSchema).mutation(loginHandler),
  sendSecondFactorCode: secondFactor.input(sendSecondFactorCodeSchema).mutation(sendSecondFactorCodeHandler),
  completeSecondFactor: secondFactor.input(completeSecondFactorSchema).mutation(completeSecondFactorHandler),
  refresh: publicProcedure.use(rateLimit("refresh")).input(refreshSchema).mutation(refreshHandler),

  requestPasswordReset: passwordReset.input(requestPasswordResetSchema).mutation(requestPasswordResetHandler),
  resetPassword: passwordReset.input(resetPasswordSchema).mutation(resetPasswordHandler),
  // The current password is guessed here as at sign-in, so it pays the login policy.
  changePassword: authedProcedure.use(rateLimit("login")).input(changePasswordSchema).mutation(changePasswordHandler),

  logout: authedProcedure.mutation(logoutHandler),
  listSessions: authedProcedure.query(listSessionsHandler),
  revokeSession: authedProcedure.input(revokeSessionSchema).mutation(revokeSessionHandler),

  beginTotpEnrollment: secondFactorSetup.mutation(beginTotpEnrollmentHandler),
  confirmTotpEnrollment: secondFactorSetup.input(confirmTotpEnrollmentSchema).mutation(confirmTotpEnrollmentHandler),
  disableTotp: secondFactorSetup.input(disableTotpSchema).mutation(disableTotpHandler),
  regenerateRecoveryCodes: secondFactorSetup.input(regenerateRecoveryCodesSchema).mutation(regenerateRecoveryCodesHandler),
  enableEmailSecondFactor: authedProcedure.mutation(enableEmailSecondFactorHandler),
  disableEmailSecondFactor: authedProcedure.mutation(disableEmailSecondFactorHandler),
  enableSmsSecondFactor: secondFactorSetup.input(enableSmsSecondFactorSchema).mutation(enableSmsSecondFactorHandler),
  confirmSmsSecondFactor: secondFactorSetup.input(confirmSmsSecondFactorSchema).mutation(confirmSmsSecondFactorHandler),
  disableSmsSecondFactor: authedProcedure.mutation(disableSmsSecondFactorHandler),
  getSecurityOverview: authedProcedure.query(getSecurityOverviewHandler),

  listFlaggedIdentities: platformProcedure("SUPPORT").input(listFlaggedIdentitiesSchema).query(listFlaggedIdentitiesHandler),
  decideFlag: platformProcedure("OPERATOR").input(decideFlagSchema).mutation(decideFlagHandler),
});

/**
 * Account flows: KYC status and rejections from the exchange; the urgent security lane (freeze first,
 * then the senior security team, no small talk); phishing reports; 2FA and password self-service.
 */
import { choices, type TurnBuilder } from './turn-builder.ts';

export function startKycFlow(b: TurnBuilder, intent: string): void {
  const account = b.input.facts.account;
  if (!account) {
    b.reply('kyc_no_account');
    return void b.handOver('needs_agent', { intent });
  }
  const { status, level, rejectionReason } = account.kyc;
  b.tried(`checked KYC: ${status}, level ${level}${rejectionReason ? ` (${rejectionReason})` : ''}`);
  if (status === 'rejected') b.reply(rejectionReason ? 'kyc_rejected' : 'kyc_rejected_no_reason', { reason: rejectionReason ?? '', level });
  else if (status === 'approved') b.reply('kyc_approved', { level });
  else if (status === 'not_started') b.reply('kyc_not_started');
  else b.reply('kyc_pending', { level });
  b.askSolved(intent);
}

/** account_compromised: offer the freeze at once; urgent for the security team either way. */
export function startCompromisedFlow(b: TurnBuilder): void {
  if (b.input.facts.account?.frozen) {
    b.tried('account was already frozen');
    b.reply('freeze_already');
    return void b.handOver('urgent', { intent: 'account_compromised', priority: 'urgent' });
  }
  b.reply('compromised_offer_freeze', {}, [b.button(choices.freezeYes, 'button_freeze'), b.button(choices.freezeNo, 'button_dont_freeze')]);
  b.await({ kind: 'freeze_confirm' });
}

export function answerFreeze(b: TurnBuilder, confirmed: boolean): void {
  if (confirmed) {
    // The app freezes through the gateway, then posts freeze_done (or freeze_failed) itself.
    b.tried('froze the account at the customer\'s request');
    b.freeze();
  } else {
    b.tried('offered to freeze the account: the customer declined');
    b.reply('freeze_declined');
  }
  b.handOver('urgent', { intent: 'account_compromised', priority: 'urgent' });
}

export function startPhishingFlow(b: TurnBuilder): void {
  b.tried('warned about phishing and how to verify official support');
  b.reply('phishing_warning');
  b.handOver('needs_agent', { intent: 'phishing_report' });
}

export function startSelfServiceFlow(b: TurnBuilder, intent: 'twofa_reset' | 'password_reset'): void {
  b.tried(`sent the ${intent === 'twofa_reset' ? '2FA reset' : 'password reset'} self-service steps`);
  b.reply(intent === 'twofa_reset' ? 'twofa_steps' : 'password_steps');
  b.askSolved(intent);
}

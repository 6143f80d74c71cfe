// The web app's texts for integrations (attachments, dialogs, the Integrations area, tokens,
// OAuth consent), kept apart from `en.ts` for size; `en` includes them, so `t` knows every key.

export const enIntegrations = {
  'attachment.openImage': 'Open image',
  'post.onlyVisibleToYou': '(Only visible to you)',
  'post.bot': 'BOT',
  'post.systemAuthor': 'System',

  'integrations.selectPlaceholder': 'Select an option…',
  'integrations.findUser': 'Find a user…',
  'integrations.findChannel': 'Find a channel…',
  'integrations.noMatch': 'No match.',

  'dialog.submit': 'Submit',
  'dialog.submitting': 'Submitting…',
  'dialog.optional': '(optional)',
  'dialog.error.required': 'This field is required.',
  'dialog.error.tooShort': 'Minimum input length is {min}.',
  'dialog.error.tooLong': 'Maximum input length is {max}.',
  'dialog.error.email': 'Must be a valid email address.',
  'dialog.error.number': 'Must be a number.',
  'dialog.error.url': 'URL must include http:// or https://.',
  'dialog.error.option': 'Must be one of the options.',
  'dialog.error.fields': 'Some fields need attention.',
} as const;

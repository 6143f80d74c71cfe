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
} as const;

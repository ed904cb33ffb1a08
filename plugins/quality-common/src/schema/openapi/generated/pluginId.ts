export const pluginId = 'quality';

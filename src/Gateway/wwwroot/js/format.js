// Dates in Japan time (the campaign's own time, wherever the phone is set) and amounts in yen.
export const dateTime = (value) =>
  new Date(value).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' });

export const yen = (amount) => `${amount.toLocaleString('ja-JP')}円`;

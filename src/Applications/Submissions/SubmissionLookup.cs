using Habatan.Applications.Campaigns;

namespace Habatan.Applications.Submissions;

// What a submission needs to know before it is stored, read in one round trip: the answer an
// earlier request with the same key got, the campaign (locked FOR SHARE against the kill switch)
// and the transaction's time, which is the submitted_at the application row will get.
public sealed record SubmissionLookup(StoredAnswer? Earlier, Campaign? Campaign, DateTimeOffset TransactionTime);

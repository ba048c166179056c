namespace Habatan.Members.Imports;

// The multipart form POST /api/members/ops/imports/{kind} reads by hand, as the OpenAPI document
// shows it (the file may also come as the whole body, text/csv or .xlsx).
public sealed record ImportFormFields(IFormFile File);

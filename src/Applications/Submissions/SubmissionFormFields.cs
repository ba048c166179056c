namespace Habatan.Applications.Submissions;

// The multipart form POST /api/applications/submissions reads by hand, as the OpenAPI document
// shows it: the application as JSON text and the two sides of the ID document.
public sealed record SubmissionFormFields(string Application, IFormFile IdFront, IFormFile? IdBack);

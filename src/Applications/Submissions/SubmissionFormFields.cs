using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Habatan.Applications.Submissions;

// The multipart form POST /api/applications/submissions reads by hand, as the OpenAPI document
// shows it: the application as JSON (an object part of a form is JSON in OpenAPI) and the two
// sides of the ID document, plus the Idempotency-Key header a retry repeats.
public sealed record SubmissionFormFields(SubmissionApplicationFields Application, IFormFile IdFront, IFormFile? IdBack)
{
    public static Task DescribeHeaderAsync(
        OpenApiOperation operation,
        OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(
            new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Required = true,
                Description = "New for each application, the same on a retry (which gets the first answer).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z0-9_-]{8,100}$" },
            }
        );
        return Task.CompletedTask;
    }
}

public sealed record SubmissionApplicationFields(
    string CampaignCode,
    int Units,
    SubmissionPersonFields Representative,
    IReadOnlyList<SubmissionPersonFields>? HouseholdMembers,
    string DocumentType,
    SubmissionConsentFields Consents
);

public sealed record SubmissionPersonFields(
    string FamilyName,
    string GivenName,
    string FamilyNameKana,
    string GivenNameKana,
    string BirthDate,
    string? Gender,
    string? Relationship,
    string? Phone,
    string? Email,
    string? PostalCode,
    string? Address
);

public sealed record SubmissionConsentFields(bool Terms, bool Privacy);

using Microsoft.OpenApi;

namespace RpsVision.Serving.Endpoints;

/// <summary>
/// Documents a request body in the OpenAPI document without the routing metadata of <c>Accepts</c>, which would
/// make routing answer a bare 415 before the handler can explain what it accepts (or answer in its protocol's shape).
/// </summary>
internal static class OpenApiRequestBodies
{
    /// <summary>The body is an image file, raw or as the file of a form.</summary>
    public static RouteHandlerBuilder WithImageBody(this RouteHandlerBuilder builder, IEnumerable<string> contentTypes) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The image (PNG, JPEG, WebP, GIF or BMP), raw or as the one file of a multipart form.",
                Content = contentTypes.ToDictionary(type => type, type => new OpenApiMediaType
                {
                    Schema = type == "multipart/form-data"
                        ? new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["image"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            },
                        }
                        : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                }),
            };
            return Task.CompletedTask;
        });

    /// <summary>The body is JSON of type <typeparamref name="T"/>.</summary>
    public static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            OpenApiSchema schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}

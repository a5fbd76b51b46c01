/// The OpenAPI document the server is generated from, served verbatim at `GET /openapi.yaml`.
enum OpenAPIDocument {
    static let text = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)
}

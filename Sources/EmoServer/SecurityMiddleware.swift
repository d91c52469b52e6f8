// Security headers on every answer, and every error turned into the JSON error format (never a stack trace,
// never an internal path).
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Adds the security headers and maps thrown errors to `APIError` responses.
struct SecurityMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    /// Only the page's own scripts, styles and media (plus blob: URLs for the recorded or chosen input and
    /// data: images for the SVG charts); no inline script, no framing, no plugins.
    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = error.response()
        } catch let error as UploadError {
            response = APIError(.badRequest, error.description).response()
        } catch is NIOTooManyBytesError {
            response = APIError(.contentTooLarge, "the request body is larger than the server accepts").response()
        } catch let error as HTTPError {
            response = APIError(error.status, error.body ?? error.status.reasonPhrase).response()
        } catch {
            // Unexpected: log it for the operator, tell the client nothing internal.
            logger.error("\(request.method) \(request.uri.path): \(error)")
            response = APIError(.internalServerError, "internal error (see the server's log)").response()
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

// Every answer other than success: a status and one line for a human, as JSON {"error": "..."}.
import Foundation
import Hummingbird

/// An error answer. `message` is shown on the page as is; it names only what the user gave (a file name, an
/// id), never a path of the server's.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var message: String

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.code) \(message)" }

    static func notFound(_ what: String) -> APIError { APIError(.notFound, what) }
    static func badRequest(_ what: String) -> APIError { APIError(.badRequest, what) }

    /// The JSON response.
    func response() -> Response {
        let body = (try? JSONEncoder().encode(["error": message])) ?? Data("{\"error\":\"error\"}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Encodes `value` as a JSON response.
func jsonResponse<T: Encodable>(_ value: T) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    let data = try encoder.encode(value)
    return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}

/// A response carrying `bytes` of `contentType`.
func bytesResponse(_ bytes: [UInt8], contentType: String, fileName: String? = nil) -> Response {
    var headers: HTTPFields = [.contentType: contentType]
    if let fileName { headers[.contentDisposition] = "attachment; filename=\"\(fileName)\"" }
    return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
}

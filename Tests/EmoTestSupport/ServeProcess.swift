// A running `emoeval serve` for end-to-end tests, and a raw HTTP/1.1 client over a loopback socket (raw so
// that tests can send what browsers never would: `..` segments, wrong lengths, cut-off bodies).
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `emoeval serve ... --port 0` started as a child process; the port is read from its first stdout line.
public final class ServeProcess: @unchecked Sendable {
    public let process = Process()
    public private(set) var port = 0
    private let stdout = Pipe(), stderr = Pipe()

    /// Starts the server and waits (up to `timeout` seconds) for its URL line. Throws with its stderr if it
    /// exits or stays silent.
    public init(_ arguments: [String], in directory: URL? = nil, timeout: Double = 120) throws {
        process.executableURL = Emoeval.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = Fixture.childEnvironment()   // its upload work folders land in the scratch root
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var line = Data()
        let handle = stdout.fileHandleForReading
        // Poll (never block on the pipe): a server that hangs silently must fail the test, not stall it.
        while !line.contains(UInt8(ascii: "\n")) && Date() < deadline {
            if handle.availableDataCount > 0 {
                line.append(handle.availableData)
            } else if !process.isRunning {
                line.append(handle.readDataToEndOfFile())
                break
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression),
              let port = Int(text[range].dropFirst("http://127.0.0.1:".count).dropLast()) else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw ServeProcessError.didNotStart(stdout: text, stderr: errors)
        }
        self.port = port
    }

    /// Sends `signal` and waits for the exit; returns the status and everything written to stderr.
    public func stop(signal: Int32 = SIGTERM) -> (status: Int32, stderr: String) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, errors)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// GET `path` (sent as is).
    public func get(_ path: String) throws -> HTTPAnswer {
        try HTTPAnswer.exchange(port: port, request: Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
    }

    /// POST `body` to `path` with a correct Content-Length.
    public func post(_ path: String, body: [UInt8]) throws -> HTTPAnswer {
        let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + "Content-Type: application/octet-stream\r\nContent-Length: \(body.count)\r\n\r\n"
        return try HTTPAnswer.exchange(port: port, request: Array(head.utf8) + body)
    }
}

public enum ServeProcessError: Error, CustomStringConvertible {
    case didNotStart(stdout: String, stderr: String)
    case socket(String)

    public var description: String {
        switch self {
        case let .didNotStart(out, err): return "emoeval serve did not start; stdout: \(out) stderr: \(err)"
        case let .socket(what): return "socket: \(what)"
        }
    }
}

/// One HTTP response as read off the socket (nil status when the server closed without answering).
public struct HTTPAnswer: Sendable {
    public let status: Int?
    /// Header names lowercased.
    public let headers: [String: String]
    public let body: [UInt8]

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object.
    public var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// Connects to 127.0.0.1:`port`, writes `request`, optionally half-closes (`closeAfterSending`), and reads
    /// until the server closes the connection.
    public static func exchange(port: Int, request: [UInt8], closeAfterSending: Bool = false,
                                timeout: Int = 120) throws -> HTTPAnswer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServeProcessError.socket("socket() failed") }
        defer { close(fd) }
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ServeProcessError.socket("connect to port \(port) failed") }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }   // the server may close early (e.g. an oversized body): read its answer
            sent += n
        }
        if closeAfterSending { shutdown(fd, Int32(SHUT_WR)) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response.append(contentsOf: buffer[0..<n])
        }
        return parse(response)
    }

    static func parse(_ bytes: [UInt8]) -> HTTPAnswer {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
            return HTTPAnswer(status: nil, headers: [:], body: bytes)
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = head.first.flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return HTTPAnswer(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [], i = 0
        while i < bytes.count {
            guard let lineEnd = (i..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }),
                  let size = Int(String(decoding: bytes[i..<lineEnd], as: UTF8.self)
                    .split(separator: ";").first.map(String.init) ?? "", radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            out.append(contentsOf: bytes[start..<min(bytes.count, start + size)])
            i = start + size + 2
        }
        return out
    }
}

extension FileHandle {
    /// Bytes that can be read without blocking (0 when unknown).
    var availableDataCount: Int {
        var count: Int32 = 0
        return ioctl(fileDescriptor, UInt(FIONREAD), &count) == 0 ? Int(count) : 0
    }
}

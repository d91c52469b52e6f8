// The small values of the server: upload names, loopback detection, the page's files.
import Foundation
import Testing
@testable import EmoServer

@Suite("EmoServer values")
struct ServerValuesTests {
    @Test("upload names keep only the last component's safe characters and never start with a dot")
    func cleanNames() {
        #expect(UploadedAudio.cleanName("clip.wav") == "clip.wav")
        #expect(UploadedAudio.cleanName("../../etc/passwd") == "passwd")
        #expect(UploadedAudio.cleanName("/abs/path/x.flac") == "x.flac")
        #expect(UploadedAudio.cleanName("C:\\Users\\me\\a b.wav") == "a_b.wav")
        #expect(UploadedAudio.cleanName("..") == "upload")
        #expect(UploadedAudio.cleanName(".hidden.wav") == "hidden.wav")
        #expect(UploadedAudio.cleanName("") == "upload")
        #expect(UploadedAudio.cleanName("日本.wav") == "__.wav")
        #expect(UploadedAudio.cleanName(String(repeating: "a", count: 300) + ".wav").count == 100)
    }

    @Test("loopback addresses are recognised; anything else gets the warning")
    func loopback() {
        for host in ["127.0.0.1", "localhost", "::1", "127.0.0.2"] {
            #expect(ServerSettings(host: host, inferenceSlots: 1).isLoopbackOnly, "\(host)")
        }
        for host in ["0.0.0.0", "::", "192.168.1.10"] {
            #expect(!ServerSettings(host: host, inferenceSlots: 1).isLoopbackOnly, "\(host)")
            #expect(ServerSettings(host: host, inferenceSlots: 1).exposureWarning(port: 8770)?.contains(host) == true)
        }
        #expect(ServerSettings(inferenceSlots: 1).exposureWarning(port: 8770) == nil)
        #expect(ServerSettings(inferenceSlots: 1).port == 8770 && ServerSettings(inferenceSlots: 1).maxUploadBytes == 50 << 20)
    }

    @Test("every page file is in the resources and only listed names are served")
    func pageAssets() throws {
        let assets = try PageAssets()
        for file in PageAssets.files {
            let asset = try #require(assets.asset(named: file.name))
            #expect(!asset.bytes.isEmpty && asset.contentType == file.contentType)
        }
        for name in ["", ".", "..", "../Package.swift", "Page", "/etc/passwd", "index.html/", "INDEX.HTML"] {
            #expect(assets.asset(named: name) == nil, "\(name)")
        }
        // The page's scripts import only files in the table.
        let index = String(decoding: try #require(assets.asset(named: "index.html")).bytes, as: UTF8.self)
        #expect(index.contains("/static/app.js") && index.contains("/static/style.css"))
        for file in PageAssets.files where file.name.hasSuffix(".js") {
            let text = String(decoding: assets.asset(named: file.name)!.bytes, as: UTF8.self)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") {
                let imported = line.split(separator: "\"").dropFirst().first.map { String($0.dropFirst(2)) } ?? ""
                #expect(assets.asset(named: imported) != nil, "\(file.name): \(line)")
            }
        }
    }
}

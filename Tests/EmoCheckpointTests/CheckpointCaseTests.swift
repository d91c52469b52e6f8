// One tiny file per reader case (Tests/Fixtures/checkpoints, see its README): dtypes, ranks, views, shared
// storage, wrappers, opaque Python objects, safetensors, and the files that must be rejected.
import Foundation
import Testing
import EmoCheckpoint
import EmoTestSupport

/// `ramp(n)` of the generator: -1.0, -0.75, ... (exact in every float type).
private func ramp(_ count: Int) -> [Double] { (0..<count).map { Double($0) * 0.25 - 1.0 } }

private func load(_ name: String) throws -> Checkpoint {
    try loadCheckpoint(path: Fixture.path("checkpoints/\(name)"))
}

private func tensor(_ name: String, in file: String) throws -> StoredTensor {
    try #require(try load(file).tensors[name])
}

@Suite("Per-case checkpoint files")
struct CheckpointCaseTests {
    @Test("each storage dtype reads its values", arguments: [
        ("dtype_f32.pt", TensorDType.float32, ramp(6)),
        ("dtype_f64.pt", .float64, ramp(6).map { $0 + 1e-10 }),
        ("dtype_f16.pt", .float16, ramp(6)),
        ("dtype_bf16.pt", .bfloat16, ramp(6)),
        ("dtype_i64.pt", .int64, [-3, 0, 5, 1_099_511_627_776, -1_099_511_627_776, 7]),
        ("dtype_i32.pt", .int32, [-3, 0, 5, 1_073_741_824, -1_073_741_824, 7]),
        ("dtype_bool.pt", .bool, [1, 0, 1, 0, 0, 1]),
    ])
    func dtypes(file: String, dtype: TensorDType, values: [Double]) throws {
        let x = try tensor("x", in: file)
        #expect(x.dtype == dtype)
        #expect(x.shape == [2, 3])
        #expect(x.byteCount == 6 * dtype.size)
        #expect(x.float64Values() == values)
        let floats = try x.float32()
        #expect(floats.array == values.map { Float($0) })
        #expect(floats.isZeroCopy == (dtype == .float32))
    }

    @Test("ranks 0 to 4")
    func ranks() throws {
        let checkpoint = try load("ranks.pt")
        #expect(checkpoint.tensorNames == ["r0", "r1", "r2", "r3", "r4"])
        let shapes = checkpoint.orderedTensors.map(\.shape)
        #expect(shapes == [[], [3], [2, 3], [2, 3, 4], [1, 2, 3, 4]])
        #expect(try checkpoint.tensors["r0"]?.float32().array == [3.5])
        let r4 = try #require(checkpoint.tensors["r4"]).float32()
        #expect(r4.count == 24)
        #expect(r4[0] == -1.0 && r4[23] == 4.75)
    }

    @Test("a transposed view and a strided slice with an offset are materialised in row-major order")
    func views() throws {
        let checkpoint = try load("views.pt")
        let transposed = try #require(checkpoint.tensors["transposed"])
        #expect(transposed.shape == [4, 3])
        #expect(transposed.strides == [1, 4])
        #expect(!transposed.isContiguous)
        let values = try transposed.float32()
        #expect(!values.isZeroCopy)
        // base = ramp(12).reshape(3, 4); base.t()[i][j] = base[j][i]
        #expect(values.array == [-1, 0, 1, -0.75, 0.25, 1.25, -0.5, 0.5, 1.5, -0.25, 0.75, 1.75])
        let slice = try #require(checkpoint.tensors["slice"])
        #expect(slice.storageOffset == 4)
        #expect(slice.strides == [4, 2])
        #expect(try slice.float32().array == [0, 0.5, 1, 1.5])
    }

    @Test("two tensors sharing one storage at different offsets")
    func sharedStorage() throws {
        let checkpoint = try load("shared_storage.pt")
        let a = try #require(checkpoint.tensors["a"])
        let b = try #require(checkpoint.tensors["b"])
        #expect(a.storageOffset == 0 && b.storageOffset == 6)
        #expect(try a.float32().array == ramp(6).map { Float($0) })
        let bValues = try b.float32()
        #expect(bValues.isZeroCopy)
        #expect(bValues.array == [0.5, 0.75, 1.0, 1.25])
        // Both are views into the same mapped bytes.
        #expect(try a.float32().baseAddress + 6 == bValues.baseAddress)
    }

    @Test("nested {model, cfg}: the state dict is under 'model'; the config stays readable")
    func nested() throws {
        let checkpoint = try load("nested.pt")
        #expect(checkpoint.stateDictKey == "model")
        #expect(checkpoint.tensorNames == ["layer.weight", "layer.bias"])
        #expect(checkpoint.ignoredEntries == ["cfg", "epoch"])
        let cfg = try #require(checkpoint.root?["cfg"])
        #expect(cfg["lr"] == .float(0.001))
        #expect(cfg["name"] == .string("tiny"))
        #expect(cfg["layers"] == .list([.int(1), .int(2), .int(3)]))
        #expect(cfg["flags"] == .tuple([.bool(true), .none]))
        #expect(checkpoint.root?["epoch"] == .int(3))
    }

    @Test("wrapper keys: state_dict before model; model_state_dict")
    func wrapperOrder() throws {
        let order = try load("wrapper_order.pt")
        #expect(order.stateDictKey == "state_dict")
        #expect(order.tensorNames == ["right"])
        let msd = try load("model_state_dict.pt")
        #expect(msd.stateDictKey == "model_state_dict")
        #expect(msd.tensorNames == ["w"])
        #expect(msd.ignoredEntries == ["optimizer_state_dict"])
    }

    @Test("a leading 'module.' is removed")
    func modulePrefix() throws {
        let checkpoint = try load("module_prefix.pt")
        #expect(checkpoint.strippedModulePrefix)
        #expect(checkpoint.tensorNames == ["w", "b"])
    }

    @Test("argparse.Namespace stays an opaque object; nn.Parameter is a tensor")
    func namespace() throws {
        let checkpoint = try load("namespace.pt")
        #expect(checkpoint.tensorNames == ["p", "t"])
        #expect(try checkpoint.tensors["p"]?.float32().array == [-1, -0.75, -0.5])
        guard case let .object(module, name, args, state) = try #require(checkpoint.root?["args"]) else {
            Issue.record("args is not an opaque object")
            return
        }
        #expect(module == "argparse" && name == "Namespace" && args.isEmpty)
        #expect(state?["lr"] == .float(0.5))
        #expect(state?["arch"] == .string("tiny"))
        #expect(state?["layers"] == .list([.int(1), .int(2)]))
    }

    @Test("data.pkl at the zip root (empty prefix)")
    func noPrefix() throws {
        #expect(try load("no_prefix.pt").tensors["x"]?.float32().array == [-1, -0.75, -0.5, -0.25])
    }

    @Test("safetensors: dtypes, shapes, values, zero-copy float32")
    func safetensors() throws {
        let checkpoint = try load("tensors.safetensors")
        #expect(checkpoint.format == .safetensors)
        #expect(Set(checkpoint.tensorNames) == ["a.f32", "b.f16", "c.bf16", "d.i64"])
        let a = try #require(checkpoint.tensors["a.f32"])
        #expect(a.shape == [2, 3])
        #expect(try a.float32().array == ramp(6).map { Float($0) })
        #expect(try a.float32().isZeroCopy)
        #expect(try checkpoint.tensors["b.f16"]?.float32().array == [-1, -0.75, -0.5, -0.25])
        #expect(try checkpoint.tensors["c.bf16"]?.float32().array == [-1, -0.75, -0.5, -0.25])
        #expect(checkpoint.tensors["d.i64"]?.float64Values() == [1, -2, 3])
    }

    @Test("files that must be rejected, each with its reason", arguments: [
        ("legacy.pt", "_use_new_zipfile_serialization=True"),
        ("complex.pt", "unsupported element type 'torch.ComplexFloatStorage'"),
        ("unknown_global.pt", "tensor 'bad' is built from the unsupported global 'fakelib.make_tensor'"),
        ("absurd_shape.pt", "tensor 'x': shape [1099511627776, 1099511627776] overflows"),
        ("out_of_bounds.pt", "reaches element 5 of a storage of 4 elements"),
        ("storage_too_small.pt", "declares 100 float32 elements but the entry holds 16 bytes"),
        ("missing_storage.pt", "zip entry 'missing_storage/data/7' is missing"),
    ])
    func rejected(file: String, message: String) throws {
        do {
            _ = try load(file)
            Issue.record("\(file) loaded")
        } catch let error as CheckpointError {
            #expect(error.description.contains(message), "\(error)")
            #expect(error.description.contains(file))
        }
    }
}

using InferenceService.Inference;

namespace InferenceService.UnitTests.Unit;

/// <summary>Manifest paths stay inside the model folder, symbolic links followed the way the kernel follows them.</summary>
public sealed class ModelFolderPathTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_root.Path, name)).FullName;

    [Fact]
    public void A_file_inside_the_folder_resolves_to_its_real_path()
    {
        var model = Folder("model");
        File.WriteAllText(Path.Combine(model, "names.txt"), "cat\n");
        Directory.CreateDirectory(Path.Combine(model, "sub"));

        Assert.Equal(Path.Combine(model, "names.txt"), ModelFolderPath.Confine(model, "./sub/../names.txt", "labels"));
    }

    [Fact]
    public void A_link_that_stays_inside_the_folder_is_followed()
    {
        var model = Folder("model");
        var data = Directory.CreateDirectory(Path.Combine(model, "data")).FullName;
        File.WriteAllText(Path.Combine(data, "names.txt"), "cat\n");
        Directory.CreateSymbolicLink(Path.Combine(model, "current"), "data");

        Assert.Equal(Path.Combine(data, "names.txt"), ModelFolderPath.Confine(model, "current/names.txt", "labels"));
    }

    [Fact]
    public void Dot_dot_after_a_linked_folder_climbs_from_the_link_target_not_from_the_link()
    {
        // model/sub/up -> outside/deep: "sub/up/../names.txt" is outside/names.txt to the kernel, though lexically
        // it looks like model/sub/names.txt.
        var model = Folder("model");
        var outside = Folder("outside");
        File.WriteAllText(Path.Combine(outside, "names.txt"), "secret\n");
        Directory.CreateDirectory(Path.Combine(outside, "deep"));
        Directory.CreateDirectory(Path.Combine(model, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(model, "sub", "up"), Path.Combine(outside, "deep"));

        var e = Assert.Throws<ModelLoadException>(() => ModelFolderPath.Confine(model, "sub/up/../names.txt", "labels"));
        Assert.Contains("outside the model folder", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_folder_that_is_itself_a_link_still_holds_its_own_files()
    {
        var real = Folder("real");
        File.WriteAllText(Path.Combine(real, "names.txt"), "cat\n");
        var link = Path.Combine(_root.Path, "model");
        Directory.CreateSymbolicLink(link, real);

        Assert.Equal(Path.Combine(real, "names.txt"), ModelFolderPath.Confine(link, "names.txt", "labels"));
    }

    [Fact]
    public void A_link_loop_is_refused_rather_than_followed_forever()
    {
        var model = Folder("model");
        File.CreateSymbolicLink(Path.Combine(model, "a"), "b");
        File.CreateSymbolicLink(Path.Combine(model, "b"), "a");

        Assert.Throws<ModelLoadException>(() => ModelFolderPath.Confine(model, "a", "labels"));
    }
}

using InferenceService.Model.Repository;

namespace InferenceService.UnitTests.Unit;

public sealed class RepositoryScanTests
{
    [Fact]
    public void Folders_with_model_names_are_listed_and_the_others_skipped()
    {
        using var root = new TempFolder();
        foreach (var name in new[] { "yolox", "b.model_2-x", "-dash", "has space", ".hidden" })
        {
            Directory.CreateDirectory(Path.Combine(root.Path, name));
        }

        File.WriteAllText(Path.Combine(root.Path, "a-file"), "not a folder");
        var skipped = new List<string>();

        var folders = RepositoryScan.Folders(root.Path, skipped.Add);

        Assert.Equal(["b.model_2-x", "yolox"], folders.Select(f => f.Name));
        Assert.All(folders, f => Assert.Null(f.Refusal));
        Assert.Equal(["-dash", ".hidden", "has space"], skipped.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_folder_linked_out_of_the_root_is_refused_and_one_linked_inside_is_not()
    {
        using var root = new TempFolder();
        using var outside = new TempFolder();
        Directory.CreateDirectory(Path.Combine(root.Path, "real"));
        Directory.CreateSymbolicLink(Path.Combine(root.Path, "escape"), outside.Path);
        Directory.CreateSymbolicLink(Path.Combine(root.Path, "alias"), Path.Combine(root.Path, "real"));

        var folders = RepositoryScan.Folders(root.Path, _ => { }).ToDictionary(f => f.Name);

        Assert.Contains("outside", folders["escape"].Refusal, StringComparison.Ordinal);
        Assert.Null(folders["escape"].Folder);
        Assert.Null(folders["alias"].Refusal);
        Assert.Equal(Path.Combine(root.Path, "real"), folders["alias"].Folder);
    }

    [Fact]
    public void The_fingerprint_changes_when_a_file_is_rewritten_added_or_relinked_and_only_then()
    {
        using var folder = new TempFolder();
        var model = Path.Combine(folder.Path, "model.onnx");
        File.WriteAllText(model, "one");
        var first = RepositoryScan.Fingerprint(folder.Path);
        Assert.Equal(first, RepositoryScan.Fingerprint(folder.Path));

        File.WriteAllText(model, "two, longer");
        var rewritten = RepositoryScan.Fingerprint(folder.Path);
        Assert.NotEqual(first, rewritten);

        File.WriteAllText(Path.Combine(folder.Path, "inference.json"), "{}");
        var added = RepositoryScan.Fingerprint(folder.Path);
        Assert.NotEqual(rewritten, added);

        using var elsewhere = new TempFolder();
        var a = Path.Combine(elsewhere.Path, "a.txt");
        var b = Path.Combine(elsewhere.Path, "b.txt");
        File.WriteAllText(a, "same");
        File.WriteAllText(b, "same");
        var labels = Path.Combine(folder.Path, "labels.txt");
        File.CreateSymbolicLink(labels, a);
        var linked = RepositoryScan.Fingerprint(folder.Path);
        File.Delete(labels);
        File.CreateSymbolicLink(labels, b);
        Assert.NotEqual(linked, RepositoryScan.Fingerprint(folder.Path));
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Reconciler.GitHubDouble.Git;
using Reconciler.GitHubDouble.Http;
using Reconciler.GitHubDouble.State;

namespace Reconciler.GitHubDouble.Handlers;

/// <summary>Contents, the Git data API, commits and branches.</summary>
internal static class GitHandlers
{
    private const string RefsDocs = "https://docs.github.com/rest/git/refs";
    private const string EmptyMessage = "Git Repository is empty.";

    public static void Map(RouteTable t)
    {
        t.Get("/repos/{owner}/{repo}/contents/{path}", Contents);
        t.Get("/repos/{owner}/{repo}/git/ref/{ref}", GetRef);
        // Legacy route used by Octokit's Git.Reference.Get; not in the OpenAPI description.
        t.Get("/repos/{owner}/{repo}/git/refs/{ref}", GetRefLegacy);
        t.Get("/repos/{owner}/{repo}/git/matching-refs/{ref}", MatchingRefs);
        t.Post("/repos/{owner}/{repo}/git/refs", CreateRef);
        t.Patch("/repos/{owner}/{repo}/git/refs/{ref}", UpdateRef);
        t.Delete("/repos/{owner}/{repo}/git/refs/{ref}", DeleteRef);
        t.Post("/repos/{owner}/{repo}/git/blobs", CreateBlob);
        t.Get("/repos/{owner}/{repo}/git/blobs/{file_sha}", GetBlob);
        t.Post("/repos/{owner}/{repo}/git/trees", CreateTree);
        t.Get("/repos/{owner}/{repo}/git/trees/{tree_sha}", GetTree);
        t.Post("/repos/{owner}/{repo}/git/commits", CreateCommit);
        t.Get("/repos/{owner}/{repo}/git/commits/{commit_sha}", GetGitCommit);
        t.Post("/repos/{owner}/{repo}/git/tags", CreateTag);
        t.Get("/repos/{owner}/{repo}/git/tags/{tag_sha}", GetTag);
        t.Get("/repos/{owner}/{repo}/commits/{ref}", GetCommit);
        t.Get("/repos/{owner}/{repo}/branches", ListBranches);
        t.Get("/repos/{owner}/{repo}/branches/{branch}", GetBranch);
    }

    private static void NotEmpty(Repo r)
    {
        if (r.Git.IsEmpty)
        {
            throw new ReplyException(Reply.Error(409, EmptyMessage));
        }
    }

    public static string Base64Wrapped(byte[] content)
    {
        var b64 = Convert.ToBase64String(content);
        var sb = new StringBuilder();
        for (var i = 0; i < b64.Length; i += 60)
        {
            sb.Append(b64.AsSpan(i, Math.Min(60, b64.Length - i))).Append('\n');
        }
        return sb.ToString();
    }

    private static Reply Contents(Req req)
    {
        const string docs = "https://docs.github.com/rest/repos/contents#get-repository-content";
        var r = req.Repo(Access.Read, docs);
        if (r.Git.IsEmpty)
        {
            return Reply.Error(404, "This repository is empty.", docs);
        }
        var refName = req.Q("ref") ?? r.DefaultBranch;
        var commit = r.Git.ResolveCommit(refName);
        if (commit is null)
        {
            return Reply.Error(404, "No commit found for the ref " + refName, docs);
        }
        var path = req.Values.GetValueOrDefault("path", "").Trim('/');
        var entry = r.Git.FindPath(commit.TreeSha, path);
        if (entry is null)
        {
            return Reply.NotFound(docs);
        }
        var accept = req.Accept;
        if (entry.Type == "blob" && (accept.Contains("vnd.github.v3.raw", StringComparison.OrdinalIgnoreCase) || accept.Contains("vnd.github.raw", StringComparison.OrdinalIgnoreCase)))
        {
            return new Reply
            {
                Status = 200,
                Raw = r.Git.Get<GitBlob>(entry.Sha)!.Content,
                ContentType = accept.Contains("v3.raw", StringComparison.OrdinalIgnoreCase) ? "application/vnd.github.v3.raw" : "application/vnd.github.raw",
            };
        }
        if (entry.Type == "tree")
        {
            var arr = new JsonArray();
            foreach (var e in r.Git.Get<GitTree>(entry.Sha)!.Entries)
            {
                var p = path.Length == 0 ? e.Name : path + "/" + e.Name;
                arr.Add(ContentItem(req, r, refName, p, e, withContent: false));
            }
            return Reply.Ok(arr);
        }
        return Reply.Ok(ContentItem(req, r, refName, path, entry, withContent: true));
    }

    private static JsonObject ContentItem(Req req, Repo r, string refName, string path, GitTreeEntry e, bool withContent)
    {
        var type = e.Type switch { "tree" => "dir", "commit" => "submodule", _ => e.Mode == "120000" ? "symlink" : "file" };
        var blob = e.Type == "blob" ? r.Git.Get<GitBlob>(e.Sha) : null;
        var self = Shapes.RepoApi(req.ApiBase, r) + "/contents/" + path + "?ref=" + Uri.EscapeDataString(refName);
        var gitUrl = Shapes.RepoApi(req.ApiBase, r) + (e.Type == "tree" ? "/git/trees/" : "/git/blobs/") + e.Sha;
        var html = Shapes.Html + "/" + r.FullName + (e.Type == "tree" ? "/tree/" : "/blob/") + refName + "/" + path;
        var o = new JsonObject
        {
            ["type"] = type,
            ["size"] = blob?.Content.Length ?? 0,
            ["name"] = path.Split('/')[^1],
            ["path"] = path,
            ["sha"] = e.Sha,
            ["url"] = self,
            ["git_url"] = gitUrl,
            ["html_url"] = html,
            ["download_url"] = type == "file" ? "https://raw.githubusercontent.com/" + r.FullName + "/" + refName + "/" + path : null,
            ["_links"] = new JsonObject { ["self"] = self, ["git"] = gitUrl, ["html"] = html },
        };
        if (withContent && blob is not null)
        {
            if (type == "symlink")
            {
                o["target"] = Encoding.UTF8.GetString(blob.Content);
            }
            else
            {
                o["encoding"] = "base64";
                o["content"] = Base64Wrapped(blob.Content);
            }
        }
        return o;
    }

    private static Reply GetRef(Req req)
    {
        var r = req.Repo(Access.Read, RefsDocs + "#get-a-reference");
        NotEmpty(r);
        var full = "refs/" + req["ref"];
        return r.Git.GetRef(full) is { } sha
            ? Reply.Ok(Shapes.GitRef(req.ApiBase, r, full, sha))
            : Reply.NotFound(RefsDocs + "#get-a-reference");
    }

    private static Reply GetRefLegacy(Req req)
    {
        var r = req.Repo(Access.Read, RefsDocs + "#get-a-reference");
        NotEmpty(r);
        var full = "refs/" + req["ref"].TrimEnd('/');
        if (r.Git.GetRef(full) is { } sha)
        {
            return Reply.Ok(Shapes.GitRef(req.ApiBase, r, full, sha));
        }
        var prefixed = r.Git.Refs.Where(kv => kv.Key.StartsWith(full + "/", StringComparison.Ordinal)).ToList();
        if (prefixed.Count == 0)
        {
            return Reply.NotFound(RefsDocs + "#get-a-reference");
        }
        var arr = new JsonArray();
        foreach (var (k, v) in prefixed)
        {
            arr.Add(Shapes.GitRef(req.ApiBase, r, k, v));
        }
        return Reply.Ok(arr);
    }

    private static Reply MatchingRefs(Req req)
    {
        var r = req.Repo(Access.Read, RefsDocs + "#list-matching-references");
        NotEmpty(r);
        var prefix = "refs/" + req["ref"];
        var list = r.Git.Refs.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return req.Page(list, kv => Shapes.GitRef(req.ApiBase, r, kv.Key, kv.Value));
    }

    private static string RequiredString(JsonObject body, string field, string resource, string docs)
    {
        if (body[field] is JsonValue v && v.TryGetValue<string>(out var s))
        {
            return s;
        }
        throw new ReplyException(body[field] is null
            ? Reply.Error(422, $"Invalid request.\n\n\"{field}\" wasn't supplied.", docs)
            : Reply.Validation(docs, Reply.ValidationItem("invalid", resource, field)));
    }

    private static Reply CreateRef(Req req)
    {
        const string docs = RefsDocs + "#create-a-reference";
        var r = req.Repo(Access.Write, docs);
        var body = req.JsonObjectBody(docs);
        var refName = RequiredString(body, "ref", "Reference", docs);
        var sha = RequiredString(body, "sha", "Reference", docs);
        NotEmpty(r);
        if (!refName.StartsWith("refs/", StringComparison.Ordinal) || refName.Count(c => c == '/') < 2)
        {
            return Reply.Error(422, "Reference name is invalid", docs);
        }
        if (!r.Git.Contains(sha))
        {
            return Reply.Error(422, "Object does not exist", docs);
        }
        if (r.Git.GetRef(refName) is not null)
        {
            return Reply.Error(422, "Reference already exists", docs);
        }
        r.Git.SetRef(refName, sha.ToLowerInvariant());
        r.PushedAt = req.Now;
        return Reply.Created(Shapes.GitRef(req.ApiBase, r, refName, sha.ToLowerInvariant()), Shapes.RepoApi(req.ApiBase, r) + "/git/" + refName);
    }

    private static Reply UpdateRef(Req req)
    {
        const string docs = RefsDocs + "#update-a-reference";
        var r = req.Repo(Access.Write, docs);
        var body = req.JsonObjectBody(docs);
        var sha = RequiredString(body, "sha", "Reference", docs).ToLowerInvariant();
        var force = body["force"] is JsonValue f && f.TryGetValue<bool>(out var fb) && fb;
        NotEmpty(r);
        var full = "refs/" + req["ref"];
        var current = r.Git.GetRef(full);
        if (current is null)
        {
            return Reply.Error(422, "Reference does not exist", docs);
        }
        if (!r.Git.Contains(sha))
        {
            return Reply.Error(422, "Object does not exist", docs);
        }
        if (!force && current != sha && !r.Git.IsAncestor(current, sha))
        {
            return Reply.Error(422, "Update is not a fast forward", docs);
        }
        r.Git.SetRef(full, sha);
        r.PushedAt = req.Now;
        return Reply.Ok(Shapes.GitRef(req.ApiBase, r, full, sha));
    }

    private static Reply DeleteRef(Req req)
    {
        const string docs = RefsDocs + "#delete-a-reference";
        var r = req.Repo(Access.Write, docs);
        NotEmpty(r);
        var full = "refs/" + req["ref"];
        if (full == "refs/heads/" + r.DefaultBranch)
        {
            return Reply.Error(422, "Cannot delete the default branch", docs);
        }
        return r.Git.DeleteRef(full) ? Reply.NoContent() : Reply.Error(422, "Reference does not exist", docs);
    }

    private static Reply CreateBlob(Req req)
    {
        const string docs = "https://docs.github.com/rest/git/blobs#create-a-blob";
        var r = req.Repo(Access.Write, docs);
        var body = req.JsonObjectBody(docs);
        var content = RequiredString(body, "content", "Blob", docs);
        var encoding = body["encoding"]?.ToString() ?? "utf-8";
        byte[] bytes;
        if (encoding == "base64")
        {
            try
            {
                bytes = Convert.FromBase64String(content.Replace("\n", "", StringComparison.Ordinal));
            }
            catch (FormatException)
            {
                return Reply.Validation(docs, Reply.ValidationItem("invalid", "Blob", "content"));
            }
        }
        else if (encoding is "utf-8" or "utf8")
        {
            bytes = Encoding.UTF8.GetBytes(content);
        }
        else
        {
            return Reply.Validation(docs, Reply.ValidationItem("invalid", "Blob", "encoding"));
        }
        var blob = r.Git.AddBlob(bytes);
        var url = Shapes.RepoApi(req.ApiBase, r) + "/git/blobs/" + blob.Sha;
        return Reply.Created(new JsonObject { ["url"] = url, ["sha"] = blob.Sha }, url);
    }

    private static Reply GetBlob(Req req)
    {
        const string docs = "https://docs.github.com/rest/git/blobs#get-a-blob";
        var r = req.Repo(Access.Read, docs);
        if (r.Git.Get<GitBlob>(req["file_sha"]) is not { } blob)
        {
            return Reply.NotFound(docs);
        }
        return Reply.Ok(new JsonObject
        {
            ["sha"] = blob.Sha,
            ["node_id"] = Shapes.NodeId("B", blob.Sha),
            ["size"] = blob.Content.Length,
            ["url"] = Shapes.RepoApi(req.ApiBase, r) + "/git/blobs/" + blob.Sha,
            ["content"] = Base64Wrapped(blob.Content),
            ["encoding"] = "base64",
        });
    }

    private static Reply CreateTree(Req req)
    {
        const string docs = "https://docs.github.com/rest/git/trees#create-a-tree";
        var r = req.Repo(Access.Write, docs);
        var body = req.JsonObjectBody(docs);
        if (body["tree"] is not JsonArray items)
        {
            return Reply.Error(422, "Invalid request.\n\n\"tree\" wasn't supplied.", docs);
        }
        NotEmpty(r);
        var flat = new Dictionary<string, FlatEntry>(StringComparer.Ordinal);
        if (body["base_tree"]?.ToString() is { Length: > 0 } baseTree)
        {
            if (r.Git.Get(baseTree) is not GitTree)
            {
                return Reply.Validation(docs, Reply.ValidationItem("invalid", "Tree", "base_tree", "base_tree is not a valid tree oid"));
            }
            flat = r.Git.Flatten(baseTree);
        }
        foreach (var node in items)
        {
            if (node is not JsonObject item || item["path"]?.ToString() is not { Length: > 0 } path)
            {
                return Reply.Validation(docs, Reply.ValidationItem("missing_field", "Tree", "path"));
            }
            path = path.Trim('/');
            var mode = item["mode"]?.ToString() ?? "100644";
            var type = item["type"]?.ToString() ?? (mode == "040000" ? "tree" : mode == "160000" ? "commit" : "blob");
            var hasSha = item.ContainsKey("sha");
            var sha = item["sha"]?.ToString();
            var content = item["content"]?.ToString();
            if (mode is not ("100644" or "100755" or "040000" or "160000" or "120000"))
            {
                return Reply.Validation(docs, Reply.ValidationItem("invalid", "Tree", "mode"));
            }
            if (sha is not null && content is not null)
            {
                return Reply.Error(422, "Must supply either tree.sha or tree.content, not both", docs);
            }
            if (hasSha && sha is null && content is null)
            {
                var under = flat.Keys.Where(k => k == path || k.StartsWith(path + "/", StringComparison.Ordinal)).ToList();
                if (under.Count == 0)
                {
                    return Reply.Validation(docs, Reply.ValidationItem("invalid", "Tree", "path", $"tree.path '{path}' does not exist"));
                }
                foreach (var k in under)
                {
                    flat.Remove(k);
                }
                continue;
            }
            if (content is not null)
            {
                sha = r.Git.AddBlob(Encoding.UTF8.GetBytes(content)).Sha;
            }
            if (sha is null)
            {
                return Reply.Validation(docs, Reply.ValidationItem("missing_field", "Tree", "sha"));
            }
            foreach (var k in flat.Keys.Where(k => k.StartsWith(path + "/", StringComparison.Ordinal)).ToList())
            {
                flat.Remove(k);
            }
            if (type == "tree")
            {
                if (r.Git.Get(sha) is not GitTree)
                {
                    return Reply.Validation(docs, Reply.ValidationItem("invalid", "Tree", "sha", $"tree.sha {sha} is not a valid tree"));
                }
                foreach (var (k, v) in r.Git.Flatten(sha))
                {
                    flat[path + "/" + k] = v;
                }
            }
            else
            {
                if (type == "blob" && r.Git.Get(sha) is not GitBlob)
                {
                    return Reply.Validation(docs, Reply.ValidationItem("invalid", "Tree", "sha", $"tree.sha {sha} is not a valid blob"));
                }
                flat[path] = new FlatEntry(mode, type, sha.ToLowerInvariant());
            }
        }
        var tree = r.Git.WriteTree(flat);
        var url = Shapes.RepoApi(req.ApiBase, r) + "/git/trees/" + tree.Sha;
        return Reply.Created(TreeJson(req, r, tree, recursive: false), url);
    }

    private static JsonObject TreeJson(Req req, Repo r, GitTree tree, bool recursive)
    {
        var entries = recursive
            ? r.Git.ListRecursive(tree.Sha)
            : [.. tree.Entries.Select(e => (e.Name, e))];
        var truncated = recursive && r.RecursiveTreeLimit is { } limit && entries.Count > limit;
        if (truncated)
        {
            entries = [.. entries.Take(r.RecursiveTreeLimit!.Value)];
        }
        var arr = new JsonArray();
        foreach (var (path, e) in entries)
        {
            var o = new JsonObject { ["path"] = path, ["mode"] = e.Mode, ["type"] = e.Type, ["sha"] = e.Sha };
            if (e.Type == "blob")
            {
                o["size"] = r.Git.Get<GitBlob>(e.Sha)?.Content.Length ?? 0;
                o["url"] = Shapes.RepoApi(req.ApiBase, r) + "/git/blobs/" + e.Sha;
            }
            else if (e.Type == "tree")
            {
                o["url"] = Shapes.RepoApi(req.ApiBase, r) + "/git/trees/" + e.Sha;
            }
            arr.Add(o);
        }
        return new JsonObject
        {
            ["sha"] = tree.Sha,
            ["url"] = Shapes.RepoApi(req.ApiBase, r) + "/git/trees/" + tree.Sha,
            ["tree"] = arr,
            ["truncated"] = truncated,
        };
    }

    private static Reply GetTree(Req req)
    {
        const string docs = "https://docs.github.com/rest/git/trees#get-a-tree";
        var r = req.Repo(Access.Read, docs);
        NotEmpty(r);
        var id = req["tree_sha"];
        var tree = r.Git.Get(id) as GitTree;
        if (tree is null && r.Git.ResolveCommit(id) is { } c)
        {
            tree = r.Git.Get<GitTree>(c.TreeSha);
        }
        return tree is null ? Reply.NotFound(docs) : Reply.Ok(TreeJson(req, r, tree, req.Q("recursive") is not null));
    }

    private static GitSignature Signature(JsonNode? node, DateTimeOffset now, GitSignature fallback)
    {
        if (node is not JsonObject o)
        {
            return fallback;
        }
        var date = o["date"]?.ToString() is { } d && DateTimeOffset.TryParse(d, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : now;
        return new GitSignature(o["name"]?.ToString() ?? fallback.Name, o["email"]?.ToString() ?? fallback.Email, date);
    }

    private static Reply CreateCommit(Req req)
    {
        const string docs = "https://docs.github.com/rest/git/commits#create-a-commit";
        var r = req.Repo(Access.Write, docs);
        var body = req.JsonObjectBody(docs);
        var message = RequiredString(body, "message", "Commit", docs);
        var treeSha = RequiredString(body, "tree", "Commit", docs);
        NotEmpty(r);
        if (r.Git.Get(treeSha) is not GitTree)
        {
            return Reply.Error(422, "Tree SHA does not exist", docs);
        }
        var parents = new List<string>();
        foreach (var p in body["parents"] as JsonArray ?? [])
        {
            var ps = p?.ToString() ?? "";
            if (r.Git.Get(ps) is not GitCommit)
            {
                return Reply.Error(422, "Parent SHA does not exist or is not a commit object", docs);
            }
            parents.Add(ps.ToLowerInvariant());
        }
        var who = req.State.Accounts.GetValueOrDefault(req.Token.Login);
        var fallback = new GitSignature(who?.Name ?? req.Token.Login, req.Token.Login + "@users.noreply.github.com", req.Now);
        var author = Signature(body["author"], req.Now, fallback);
        var committer = Signature(body["committer"], req.Now, body["author"] is null ? fallback : author);
        var commit = r.Git.AddCommit(treeSha.ToLowerInvariant(), parents, author, committer, message);
        var json = Shapes.GitCommitJson(req.ApiBase, r, commit);
        return Reply.Created(json, json["url"]!.ToString());
    }

    private static Reply GetGitCommit(Req req)
    {
        const string docs = "https://docs.github.com/rest/git/commits#get-a-commit-object";
        var r = req.Repo(Access.Read, docs);
        NotEmpty(r);
        return r.Git.Get(req["commit_sha"]) is GitCommit c ? Reply.Ok(Shapes.GitCommitJson(req.ApiBase, r, c)) : Reply.NotFound(docs);
    }

    internal static JsonObject TagJson(Req req, Repo r, GitTag tag)
    {
        var kind = tag.ObjectType switch { "tag" => "tags", "tree" => "trees", "blob" => "blobs", _ => "commits" };
        return new JsonObject
        {
            ["node_id"] = Shapes.NodeId("TAG", tag.Sha),
            ["tag"] = tag.Tag,
            ["sha"] = tag.Sha,
            ["url"] = Shapes.RepoApi(req.ApiBase, r) + "/git/tags/" + tag.Sha,
            ["message"] = tag.Message,
            ["tagger"] = Shapes.GitUser(tag.Tagger),
            ["object"] = new JsonObject
            {
                ["type"] = tag.ObjectType,
                ["sha"] = tag.ObjectSha,
                ["url"] = Shapes.RepoApi(req.ApiBase, r) + "/git/" + kind + "/" + tag.ObjectSha,
            },
            ["verification"] = Shapes.Unsigned(),
        };
    }

    private static Reply CreateTag(Req req)
    {
        const string docs = "https://docs.github.com/rest/git/tags#create-a-tag-object";
        var r = req.Repo(Access.Write, docs);
        var body = req.JsonObjectBody(docs);
        var name = RequiredString(body, "tag", "Tag", docs);
        var message = RequiredString(body, "message", "Tag", docs);
        var obj = RequiredString(body, "object", "Tag", docs);
        NotEmpty(r);
        if (!r.Git.Contains(obj))
        {
            return Reply.Error(422, "Object does not exist", docs);
        }
        var tagger = Signature(body["tagger"], req.Now, new GitSignature(req.Token.Login, req.Token.Login + "@users.noreply.github.com", req.Now));
        var tag = r.Git.AddTag(name, obj.ToLowerInvariant(), tagger, message);
        var json = TagJson(req, r, tag);
        return Reply.Created(json, json["url"]!.ToString());
    }

    private static Reply GetTag(Req req)
    {
        const string docs = "https://docs.github.com/rest/git/tags#get-a-tag";
        var r = req.Repo(Access.Read, docs);
        NotEmpty(r);
        return r.Git.Get(req["tag_sha"]) is GitTag tag ? Reply.Ok(TagJson(req, r, tag)) : Reply.NotFound(docs);
    }

    private static Reply GetCommit(Req req)
    {
        const string docs = "https://docs.github.com/rest/commits/commits#get-a-commit";
        var r = req.Repo(Access.Read, docs);
        NotEmpty(r);
        var rev = req["ref"];
        var commit = r.Git.ResolveCommit(rev);
        if (commit is null)
        {
            return Reply.Error(422, "No commit found for SHA: " + rev, docs);
        }
        if (req.Accept.Contains("application/vnd.github.sha", StringComparison.OrdinalIgnoreCase))
        {
            return new Reply { Status = 200, Raw = Encoding.ASCII.GetBytes(commit.Sha), ContentType = "application/vnd.github.sha; charset=utf-8" };
        }
        var json = Shapes.Commit(req.ApiBase, r, commit);
        json["files"] = new JsonArray();
        json["stats"] = new JsonObject { ["total"] = 0, ["additions"] = 0, ["deletions"] = 0 };
        return Reply.Ok(json);
    }

    private static Reply ListBranches(Req req)
    {
        const string docs = "https://docs.github.com/rest/branches/branches#list-branches";
        var r = req.Repo(Access.Read, docs);
        var filter = req.Q("protected");
        var heads = r.Git.Refs.Where(kv => kv.Key.StartsWith("refs/heads/", StringComparison.Ordinal))
            .Select(kv => (Name: kv.Key["refs/heads/".Length..], Sha: kv.Value))
            .Where(b => filter is null || (filter == "true") == r.Protection.ContainsKey(b.Name))
            .ToList();
        return req.Page(heads, b => new JsonObject
        {
            ["name"] = b.Name,
            ["commit"] = new JsonObject { ["sha"] = b.Sha, ["url"] = Shapes.RepoApi(req.ApiBase, r) + "/commits/" + b.Sha },
            ["protected"] = r.Protection.ContainsKey(b.Name),
            ["protection_url"] = Shapes.RepoApi(req.ApiBase, r) + "/branches/" + b.Name + "/protection",
        });
    }

    private static Reply GetBranch(Req req)
    {
        const string docs = "https://docs.github.com/rest/branches/branches#get-a-branch";
        var r = req.Repo(Access.Read, docs);
        var name = req["branch"];
        if (r.Git.GetRef("refs/heads/" + name) is not { } sha)
        {
            return Reply.Error(404, "Branch not found", docs);
        }
        var commit = r.Git.Get<GitCommit>(sha)!;
        var url = Shapes.RepoApi(req.ApiBase, r) + "/branches/" + name;
        var isProtected = r.Protection.TryGetValue(name, out var p);
        return Reply.Ok(new JsonObject
        {
            ["name"] = name,
            ["commit"] = Shapes.Commit(req.ApiBase, r, commit),
            ["_links"] = new JsonObject { ["html"] = Shapes.Html + "/" + r.FullName + "/tree/" + name, ["self"] = url },
            ["protected"] = isProtected,
            ["protection"] = isProtected
                ? ProtectionHandlers.Render(req, r, name, p!, forPut: false)
                : new JsonObject
                {
                    ["enabled"] = false,
                    ["required_status_checks"] = new JsonObject { ["enforcement_level"] = "off", ["contexts"] = new JsonArray(), ["checks"] = new JsonArray() },
                },
            ["protection_url"] = url + "/protection",
        });
    }
}

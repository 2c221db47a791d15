# Path on Unix, and File on a disk of its own (empty at the start).
for {l, r} <- [{"foo", "bar"}, {"foo/", "bar"}, {"/", "bar"}, {"foo", "/bar"}, {"", "bar"}, {"foo", ""}, {"foo//", "bar/"}, {"/foo/", "/bar/"}, {".", "bar"}, {"", ""}, {"//", "x"}], do: {l, r, Path.join(l, r)}
{Path.join(["a", "b", "c"]), Path.join(["a"]), Path.join(["/a/", "b/"]), Path.join('a', 'b')}
for p <- ["/a/b/c.txt", "c.txt", "a/b/", "/", "", "a.tar.gz", ".bashrc", "a/.x"], do: {p, Path.basename(p), Path.dirname(p), Path.extname(p), Path.rootname(p), Path.split(p)}
{Path.basename("a/b.ex", ".ex"), Path.rootname("a/b.ex", ".ex"), Path.rootname("a/b.ex", ".txt"), Path.type("/a"), Path.type("a")}
{Path.expand("/x/y", "/z"), Path.expand("q", "/z"), Path.expand("/a/../b/./c"), Path.expand("../../..", "/z")}
Path.join("a", :b)
File.exists?("data")
File.read("data/one")
File.write("data/one", "1")
File.mkdir("data")
File.mkdir("data")
File.dir?("data")
File.write("data/one", ["1", ?2, "3"])
File.read("data/one")
File.write("data/one", "4", [:append])
File.read!("data/one")
File.regular?("data/one")
File.write!("data/two", :erlang.term_to_binary(%{n: 2}))
File.read!("data/two") |> :erlang.binary_to_term()
File.ls!("data") |> Enum.sort()
File.read("data")
File.write("data", "x")
File.mkdir_p("data/deep/er")
File.mkdir_p("data/one/x")
File.ls("data/one")
File.ls("nothing")
File.rm("data/two")
File.rm("data/two")
File.ls!("data") |> Enum.sort()
File.read!("data/missing")
File.write!("nowhere/x", "1")
File.mkdir_p!("data/one/y")
# What the node says about itself (the simulation runs one scheduler, so that item is left out).
{:erlang.system_info(:process_limit), :erlang.system_info(:otp_release), is_integer(:erlang.system_info(:process_count))}
:erlang.system_info(:no_such_item)

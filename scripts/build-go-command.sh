# Sourced by scripts that need a Go command which `go install pkg@version` cannot build as
# published. Defines:
#
#   build_go_command MODULE VERSION PACKAGE TARGET [PREPARE] [LDFLAGS]
#
# It copies MODULE@VERSION's source out of the Go module cache (downloading it from the module
# proxy when needed) into a writable temporary folder, runs the shell function PREPARE there when
# one is named, builds PACKAGE (./cmd/...) and moves the binary to TARGET.

build_go_command() {
  local module=$1 version=$2 package=$3 target=$4 prepare=${5:-} ldflags=${6:-} module_dir build_dir
  module_dir=$(go mod download -json "$module@$version" |
    node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).Dir))')
  build_dir=$(mktemp -d "${TMPDIR:-/tmp}/go-build.XXXXXX")
  cp -R "$module_dir/." "$build_dir/"
  chmod -R u+w "$build_dir"
  if [[ -n $prepare ]]; then (cd "$build_dir" && "$prepare"); fi
  mkdir -p "$(dirname "$target")"
  # Build beside the target and rename, so a concurrent run never sees half a binary.
  (cd "$build_dir" && go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$target.$$.tmp" "$package")
  mv -f "$target.$$.tmp" "$target"
  rm -rf "$build_dir"
}

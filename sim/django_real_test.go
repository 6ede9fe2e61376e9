package sim

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The tests that pin the model to real Django run Django 5.2, the version
// the model follows, on Debian's own Python: ./build.sh test unpacks Debian
// trixie-backports' python3-django 5.2 (with trixie's asgiref and sqlparse)
// into a folder of its own, not installed (build.sh django52), and names it
// in SESSIONLAB_DJANGO; without it, the folder build.sh uses by default.

// djangoPython is Debian's interpreter (python3.11 on bookworm), which
// Django 5.2 supports (3.10 to 3.13).
const djangoPython = "/usr/bin/python3"

// djangoLib is the folder holding the django package the tests import.
func djangoLib() string {
	if dir := os.Getenv("SESSIONLAB_DJANGO"); dir != "" {
		return dir
	}
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache")
	}
	return filepath.Join(cache, "sessionlab", "django-5.2")
}

// needDjango skips the test unless Django 5.2 imports from djangoLib.
func needDjango(t *testing.T) {
	t.Helper()
	out, err := djangoCommand(nil, "-c", "import django; print('%d.%d' % django.VERSION[:2])").Output()
	if err != nil || strings.TrimSpace(string(out)) != "5.2" {
		t.Skipf("this test runs real Django 5.2, which %s does not import from %s (%v, %q); ./build.sh test unpacks it there", djangoPython, djangoLib(), err, out)
	}
}

// djangoCommand runs djangoPython with args, importing from the folders of
// path first, then from djangoLib (never the machine's own Django), and
// writing no bytecode beside the test data.
func djangoCommand(path []string, args ...string) *exec.Cmd {
	cmd := exec.Command(djangoPython, args...)
	cmd.Env = append(os.Environ(), "PYTHONPATH="+strings.Join(append(path, djangoLib()), string(os.PathListSeparator)),
		"PYTHONNOUSERSITE=1", "PYTHONDONTWRITEBYTECODE=1")
	return cmd
}

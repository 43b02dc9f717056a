package npmregistry

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Limits on extraction: a small tarball must not unpack into gigabytes.
const (
	maxExtractedBytes = 1 << 30
	maxEntries        = 100_000
)

// Extract unpacks an npm tarball (gzip'd tar whose entries sit under one top folder, usually
// "package/") into dir, replacing dir as a whole: entries go to a temporary sibling folder
// that is renamed into place only when everything was written, so a failure leaves dir as
// it was. Regular files and folders are extracted; links and special files are skipped (as
// npm does), and entries whose path would leave dir are rejected.
func Extract(tgz []byte, dir string) error { return ExtractChecked(tgz, dir, nil) }

// ExtractChecked is Extract with a check run on the unpacked files (in their temporary
// folder) before they replace dir; an error from check leaves dir as it was.
func ExtractChecked(tgz []byte, dir string, check func(staged string) error) error {
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return fmt.Errorf("create a temporary folder next to %s: %w", dir, err)
	}
	committed := false
	defer func() {
		if !committed {
			os.RemoveAll(tmp)
		}
	}()
	if err := unpack(tgz, tmp); err != nil {
		return err
	}
	if check != nil {
		if err := check(tmp); err != nil {
			return err
		}
	}
	if err := replaceDir(tmp, dir); err != nil {
		return err
	}
	committed = true
	return nil
}

// replaceDir moves src to dst; an existing dst is moved aside first and restored if the
// final rename fails.
func replaceDir(src, dst string) error {
	var old string
	if _, err := os.Lstat(dst); err == nil {
		old = filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".old-"+filepath.Base(src))
		if err := os.Rename(dst, old); err != nil {
			return fmt.Errorf("replace %s: %w", dst, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(src, dst); err != nil {
		if old != "" {
			_ = os.Rename(old, dst)
		}
		return fmt.Errorf("move the new files into %s: %w", dst, err)
	}
	if old != "" {
		_ = os.RemoveAll(old)
	}
	return nil
}

func unpack(tgz []byte, dest string) error {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return fmt.Errorf("the package is not a gzip'd tarball: %w", err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	var total int64
	entries := 0
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("the package tarball is damaged: %w", err)
		}
		entries++
		if entries > maxEntries {
			return fmt.Errorf("the package tarball has more than %d entries; refusing it", maxEntries)
		}
		rel, err := entryPath(hdr.Name)
		if err != nil {
			return err
		}
		if rel == "" {
			continue
		}
		target := filepath.Join(dest, filepath.FromSlash(rel))
		switch hdr.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg: // archive/tar reports the old TypeRegA ('\x00') as TypeReg
			total += hdr.Size
			if hdr.Size < 0 || total > maxExtractedBytes {
				return fmt.Errorf("the package unpacks to more than %d MB; refusing it", maxExtractedBytes>>20)
			}
			if err := writeEntry(target, tr, hdr); err != nil {
				return err
			}
		default:
			// Symlinks, hard links, devices and fifos are not extracted.
		}
	}
	return nil
}

// entryPath strips the top folder and rejects paths that are absolute or climb out.
func entryPath(name string) (string, error) {
	n := strings.ReplaceAll(name, "\\", "/")
	if strings.HasPrefix(n, "/") || (len(n) > 1 && n[1] == ':') {
		return "", fmt.Errorf("the package tarball has an absolute path %q; refusing it", name)
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return "", fmt.Errorf("the package tarball has a path that leaves its folder (%q); refusing it", name)
		}
	}
	_, rest, ok := strings.Cut(strings.TrimPrefix(n, "./"), "/")
	if !ok {
		return "", nil // the top folder itself, or a file beside it (npm ignores those too)
	}
	rest = path.Clean(rest)
	if rest == "." {
		return "", nil
	}
	return rest, nil
}

func writeEntry(target string, r io.Reader, hdr *tar.Header) error {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	mode := fs.FileMode(0o644)
	if hdr.Mode&0o111 != 0 {
		mode = 0o755
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.CopyN(f, r, hdr.Size); err != nil {
		f.Close()
		return fmt.Errorf("the package tarball is damaged (%s): %w", hdr.Name, err)
	}
	return f.Close()
}

// Install resolves name@version, downloads and verifies the tarball, and extracts it into
// dir (replacing dir atomically). Nothing is written when any step fails.
func (c *Client) Install(ctx context.Context, name, version, dir string) (Resolved, error) {
	return c.InstallChecked(ctx, name, version, dir, nil)
}

// InstallChecked is Install with a check of the unpacked package before it replaces dir
// (see ExtractChecked).
func (c *Client) InstallChecked(ctx context.Context, name, version, dir string, check func(staged string) error) (Resolved, error) {
	r, err := c.Resolve(ctx, name, version)
	if err != nil {
		return Resolved{}, err
	}
	tgz, err := c.Fetch(ctx, r)
	if err != nil {
		return r, err
	}
	if err := ExtractChecked(tgz, dir, check); err != nil {
		return r, fmt.Errorf("install %s@%s into %s: %w", r.Name, r.Version, dir, err)
	}
	return r, nil
}

// InstalledVersion is the "version" of the package.json in dir ("" when there is none).
func InstalledVersion(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return ""
	}
	var pkg struct {
		Version string `json:"version"`
	}
	if json.Unmarshal(data, &pkg) != nil {
		return ""
	}
	return pkg.Version
}

package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/ingest"
	"github.com/fednews/fednews/zh"
)

func init() { register(newNormalizeCmd) }

func newNormalizeCmd() *cobra.Command {
	var stepsFlag string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "normalize [FILE...]",
		Short: "Print normalized text: width folding, pinyin-annotation stripping, traditional → simplified",
		Long: `Normalize reads each FILE (standard input when there is none), in any
encoding, and prints its normalized text: Unicode NFC then width folding
(１８００ → 1800, （ → (), pinyin annotations removed (工商聯(lián) →
工商聯), and traditional converted to simplified with OpenCC's t2s tables
when the text is traditional. --steps picks the steps; --json prints one
JSON object per input with the text, the detected script and the offset
map (for each normalized character, its [start, end) rune range in the
original).`,
		Example: `  fednews normalize article.txt
  fednews normalize --steps=t2s < big5-article.txt
  echo '工商聯(lián)' | fednews normalize --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			steps, err := zh.ParseSteps(stepsFlag)
			if err != nil {
				return err
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			failed := eachInput(cmd, args, func(name, text string) error {
				if asJSON {
					if !utf8.ValidString(text) {
						return errNotUTF8
					}
					return writeNormalizedJSON(out, name, zh.Normalize(text, steps))
				}
				var buf []byte
				if steps&zh.StepT2S != 0 {
					var free func()
					buf, free = largeBuffer(zh.ConvertRoom(len(text)))
					defer free() // after the text is written: it may share buf
				}
				normalized, _, ok := zh.NormalizeUTF8(text, steps, buf)
				if !ok {
					return errNotUTF8
				}
				_, err := out.WriteString(normalized)
				return err
			}, mapInput, uncheckedUTF8)
			if err := out.Flush(); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			return failed
		},
	}
	cmd.Flags().StringVar(&stepsFlag, "steps", zh.AllSteps.String(), "comma-separated steps to run: width, pinyin, t2s")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per input: file, text, script, orig")
	return cmd
}

// normalizedJSON is what --json prints for one input.
type normalizedJSON struct {
	File   string     `json:"file"`
	Text   string     `json:"text"`
	Script zh.Script  `json:"script"`
	Orig   [][2]int32 `json:"orig"`
}

func writeNormalizedJSON(w io.Writer, name string, r zh.Result) error {
	v := normalizedJSON{File: name, Text: r.Text, Script: r.Script, Orig: make([][2]int32, len(r.Orig))}
	for i, sp := range r.Orig {
		v.Orig[i] = [2]int32{sp.Start, sp.End}
	}
	return json.NewEncoder(w).Encode(v)
}

// inputRule tightens or widens what eachInput does.
type inputRule int

const (
	// requireText makes an input an error unless it is text with something
	// in it: it always goes through ingest.Decode (binary data is an error
	// even when it is valid UTF-8), and an empty or blank input is an
	// error.
	requireText inputRule = iota + 1
	// mapInput lets eachInput hand f a text that is a view of the file's
	// pages (mapFile), valid only until f returns: for a caller that keeps
	// nothing of the text, such as normalize, which prints it.
	mapInput
	// uncheckedUTF8 hands f the bytes of an input as they are, without
	// checking that they are UTF-8 (f checks it on its way: a pass over
	// 20 MB saved); when they are not, f returns errNotUTF8 and is called
	// again with the text decoded. Not with requireText.
	uncheckedUTF8
)

var (
	// errNotMapped: mapFile did not map the file; it is read instead.
	errNotMapped = errors.New("not mapped")
	// errNotUTF8: f was given an input that is not UTF-8 (uncheckedUTF8).
	errNotUTF8 = errors.New("not UTF-8")
)

// eachInput decodes each named file (standard input, named "-", when there
// is none) and calls f with its text. A file that cannot be read or
// decoded is reported and skipped; eachInput then returns errSomeFailed.
// An error from f (writing the output) or a cancelled context stops
// everything.
func eachInput(cmd *cobra.Command, args []string, f func(name, text string) error, rules ...inputRule) error {
	if len(args) == 0 {
		args = []string{"-"}
	}
	strict := slices.Contains(rules, requireText)
	mapped := slices.Contains(rules, mapInput)
	unchecked := slices.Contains(rules, uncheckedUTF8) && !strict
	var failed error
	for _, name := range args {
		if err := cmd.Context().Err(); err != nil {
			return err
		}
		var stop error // f's error: it ends the command
		err := withInput(name, mapped, func(data []byte) error {
			if unchecked {
				if data == nil {
					var err error
					if data, err = readFileLimited(name, cmd.InOrStdin(), maxTextBytes); err != nil {
						return fmt.Errorf("read: %w", err)
					}
				}
				if stop = f(name, unsafe.String(unsafe.SliceData(data), len(data))); !errors.Is(stop, errNotUTF8) {
					return nil
				}
				stop = nil
			}
			text, err := readInput(cmd, name, data, strict)
			if err != nil {
				return err
			}
			stop = f(name, text)
			return nil
		})
		if stop != nil {
			return fmt.Errorf("%s: %w", name, stop)
		}
		if err != nil {
			slog.Error("skipping input", "file", name, "err", err)
			failed = errSomeFailed
		}
	}
	return failed
}

// withInput calls use with the mapped bytes of the file name when mapped
// allows and mapFile can, else with nil (readInput reads the file). A
// mapped file that shrinks while it is read would kill the process with
// SIGBUS; the fault is turned into the file's error instead.
func withInput(name string, mapped bool, use func(data []byte) error) (err error) {
	if !mapped || name == "-" {
		return use(nil)
	}
	data, unmap, err := mapFile(name, maxTextBytes)
	if err != nil {
		return use(nil)
	}
	defer unmap()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, fault := r.(interface{ Addr() uintptr }); !fault {
				panic(r)
			}
			err = errors.New("the file shrank while it was read (changed by another program?): run again when it is written")
		}
	}()
	return use(data)
}

// readInput decodes data (nil: it reads the file, or standard input for
// "-") to UTF-8 whatever its encoding. Valid UTF-8 is taken byte for byte
// (a byte order mark stays, as opencc keeps it), so that the output
// differs from the input by the normalization alone. An empty input is an
// empty text. With strict (requireText), every input is decoded and
// checked by ingest.Decode, and an input without text is an error.
func readInput(cmd *cobra.Command, name string, data []byte, strict bool) (string, error) {
	if data == nil {
		var err error
		if data, err = readFileLimited(name, cmd.InOrStdin(), maxTextBytes); err != nil {
			return "", fmt.Errorf("read: %w", err)
		}
	}
	if strict && (len(data) == 0 || utf8.Valid(data) && strings.TrimSpace(string(data)) == "") {
		return "", errors.New("empty file: no text")
	}
	if utf8.Valid(data) && !strict {
		// The text shares data's bytes, which nothing writes to again:
		// copying them cost a 20 MB normalize as much as converting it
		// (fresh memory faulted in page by page).
		return unsafe.String(unsafe.SliceData(data), len(data)), nil
	}
	text, charset, err := ingest.Decode(data, "")
	if err != nil {
		return "", fmt.Errorf("decode %s: %w", name, err)
	}
	slog.Debug("decoded", "file", name, "charset", charset, "bytes", len(data))
	return text, nil
}

package main

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fednews/fednews/zh"
)

func init() { register(newSegmentCmd) }

func newSegmentCmd() *cobra.Command {
	var modeFlag string
	cmd := &cobra.Command{
		Use:   "segment [FILE...]",
		Short: "Split Chinese text into words, one output line per input line",
		Long: `Segment reads each FILE (standard input when there is none), in any
encoding, and prints every line as its words separated by single spaces,
with gse's dictionary plus the fednews domain dictionary (工商联, 异地商会,
营商环境 ... stay whole, and so do numbers such as 290.54, 1,100 and 85%).
--mode=search also prints, after each long word, its dictionary sub-words
(全国工商联 全国 工商联), as the search index sees them. Segment does not
normalize: pipe through "fednews normalize" first to segment what the
index segments. Loading the dictionaries takes about 2 s.`,
		Example: `  fednews segment article.txt
  fednews normalize article.txt | fednews segment --mode=search`,
		RunE: func(cmd *cobra.Command, args []string) error {
			mode, err := zh.ParseMode(modeFlag)
			if err != nil {
				return err
			}
			seg, err := zh.DefaultSegmenter()
			if err != nil {
				return fmt.Errorf("load the segmenter: %w", err)
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			failed := eachInput(cmd, args, func(_, text string) error {
				return writeSegmented(out, seg, text, mode)
			})
			if err := out.Flush(); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			return failed
		},
	}
	cmd.Flags().StringVar(&modeFlag, "mode", "precise", "precise (best segmentation) or search (adds the sub-words of long words)")
	return cmd
}

// writeSegmented writes one line of space-separated words per line of text.
func writeSegmented(out *bufio.Writer, seg *zh.Segmenter, text string, mode zh.Mode) error {
	for text != "" {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		first := true
		for tk := range seg.Tokens(strings.TrimSuffix(line, "\r"), mode) {
			if !first {
				out.WriteByte(' ')
			}
			first = false
			out.WriteString(tk.Text)
		}
		if err := out.WriteByte('\n'); err != nil {
			return err
		}
	}
	return nil
}

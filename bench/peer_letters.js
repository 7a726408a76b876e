// The peer: Datenanfragen's letter generator (npm letter-generator 2.2.1, pdfmake), making
// letters in a tight loop in one Node process, as a batch of them would. Run by
// bench/peer_bench.py, which installs the package into a temporary folder and starts two of
// these side by side.
//
//     NODE_PATH=<folder>/node_modules node peer_letters.js letters.json SECONDS START_AT OUT
//
// letters.json: [{sender, recipient, subject, content, name}, …] (the bench writes our own
// letters' text there, so that both make the same words). Warms up on every letter, waits
// for START_AT (Unix seconds), makes letters for SECONDS, writes the last PDF to OUT and
// prints the number of letters made.
'use strict';
const fs = require('fs');
const { Letter } = require('letter-generator');
const PdfPrinter = require('pdfmake/src/printer');
const vfs = require('pdfmake/build/vfs_fonts');

const [file, seconds, startAt, out] = process.argv.slice(2);
const letters = JSON.parse(fs.readFileSync(file, 'utf8'));
const font = (name) => Buffer.from(vfs[name], 'base64');
const printer = new PdfPrinter({
    Roboto: {
        normal: font('Roboto-Regular.ttf'),
        bold: font('Roboto-Medium.ttf'),
        italics: font('Roboto-Italic.ttf'),
        bolditalics: font('Roboto-MediumItalic.ttf'),
    },
});

function one(props) {
    // A new Letter per row, as the peer's own batch would make one: layout, then the PDF.
    const letter = new Letter({
        sender_address: props.sender,
        recipient_address: props.recipient,
        information_block: props.place_date,
        subject: props.subject,
        content: props.content,
        signature: { type: 'text', name: props.name },
    });
    return new Promise((resolve) => {
        const doc = printer.createPdfKitDocument(letter.doc);
        const chunks = [];
        doc.on('data', (chunk) => chunks.push(chunk));
        doc.on('end', () => resolve(Buffer.concat(chunks)));
        doc.end();
    });
}

async function main() {
    let last = null;
    for (const props of letters) last = await one(props); // warm up
    while (Date.now() / 1000 < Number(startAt)) await new Promise((r) => setTimeout(r, 1));
    const end = Number(startAt) + Number(seconds);
    let count = 0;
    while (Date.now() / 1000 < end) {
        last = await one(letters[count % letters.length]);
        count += 1;
    }
    fs.writeFileSync(out, last);
    process.stdout.write(`${count}\n`);
}

main();

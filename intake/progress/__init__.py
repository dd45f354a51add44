"""Progress from the ledger workbook (填报表): the officer downloads its targets one row each,
fills 本期累计值 / 截至日期 / 说明, uploads it, sees a preview checked with the report form's
own rules, and confirms; each row then becomes a report through the same service as the form."""

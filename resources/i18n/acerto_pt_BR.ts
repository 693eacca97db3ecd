<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
<context>
    <name>Acerto</name>
    <message>
        <source>Lines</source>
        <translation>Linhas</translation>
    </message>
    <message>
        <source>Settlements</source>
        <translation>Liquidações</translation>
    </message>
    <message>
        <source>Unbilled</source>
        <translation>Não faturado</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>Diário</translation>
    </message>
    <message>
        <source>Select an order, invoice or payment to see its details.</source>
        <translation>Selecione um pedido, fatura ou pagamento para ver os detalhes.</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Desconto</translation>
    </message>
    <message>
        <source>Write-off</source>
        <translation>Baixa</translation>
    </message>
    <message>
        <source>Full settlement</source>
        <translation>Quitação total</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Lançamento</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Conta</translation>
    </message>
    <message>
        <source>Debit</source>
        <translation>Débito</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Crédito</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Linha</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descrição</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantidade</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Preço unitário</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vencimento</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>Condições</translation>
    </message>
    <message>
        <source>Corrected by</source>
        <translation>Corrigida por</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Fatura</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Aplicado</translation>
    </message>
    <message>
        <source>Unapplied</source>
        <translation>Não aplicado</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Reembolsado</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referência</translation>
    </message>
    <message>
        <source>Payment {number}</source>
        <translation>Pagamento {number}</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Faturado</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pago</translation>
    </message>
    <message>
        <source>Order {number}</source>
        <translation>Pedido {number}</translation>
    </message>
    <message>
        <source>(removed)</source>
        <translation>(removida)</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Pagamento</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Reembolso</translation>
    </message>
    <message>
        <source>paid out {date}</source>
        <translation>pago em {date}</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Alteração</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>Internal error: {e}</source>
        <translation>Erro interno: {e}</translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation>Erro interno</translation>
    </message>
    <message>
        <source>Acerto met an internal error (a bug) and stopped what it was doing; the window goes on working.

{message}

The details are in the log file:
{path}

Please send that file with a word on what you were doing.</source>
        <translation>O Acerto encontrou um erro interno (um defeito) e parou o que estava fazendo; a janela continua funcionando.

{message}

Os detalhes estão no arquivo de log:
{path}

Por favor, envie esse arquivo com uma palavra sobre o que você estava fazendo.</translation>
    </message>
    <message>
        <source>Corrective invoice</source>
        <translation>Fatura corretiva</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>Corrigir</translation>
    </message>
    <message>
        <source>Original quantity</source>
        <translation>Quantidade original</translation>
    </message>
    <message>
        <source>New quantity</source>
        <translation>Nova quantidade</translation>
    </message>
    <message>
        <source>Every line starts as a full reversal (new quantity 0). Untick the lines that need no correction and type the new quantities.</source>
        <translation>Cada linha começa como estorno total (nova quantidade 0). Desmarque as linhas que não precisam de correção e digite as novas quantidades.</translation>
    </message>
    <message>
        <source>&amp;Invoice:</source>
        <translation>&amp;Fatura:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Data:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Prévia</translation>
    </message>
    <message>
        <source>Unbilled item</source>
        <translation>Item não faturado</translation>
    </message>
    <message>
        <source>Save &amp;draft</source>
        <translation>Salvar &amp;rascunho</translation>
    </message>
    <message>
        <source>Type the number of the invoice to correct.</source>
        <translation>Digite o número da fatura a corrigir.</translation>
    </message>
    <message>
        <source>new quantity of line {n}</source>
        <translation>nova quantidade da linha {n}</translation>
    </message>
    <message>
        <source>Correction draft {number} saved.</source>
        <translation>Rascunho de correção {number} salvo.</translation>
    </message>
    <message>
        <source>Corrective invoice {number} posted.</source>
        <translation>Fatura corretiva {number} lançada.</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>Nota de crédito</translation>
    </message>
    <message>
        <source>By &amp;amount</source>
        <translation>Por &amp;valor</translation>
    </message>
    <message>
        <source>By &amp;lines</source>
        <translation>Por &amp;linhas</translation>
    </message>
    <message>
        <source>Credit quantity</source>
        <translation>Quantidade a creditar</translation>
    </message>
    <message>
        <source>Credit:</source>
        <translation>Crédito:</translation>
    </message>
    <message>
        <source>A&amp;mount:</source>
        <translation>&amp;Valor:</translation>
    </message>
    <message>
        <source>Lines:</source>
        <translation>Linhas:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>Type the number of the invoice to credit.</source>
        <translation>Digite o número da fatura a creditar.</translation>
    </message>
    <message>
        <source>quantity of line {n}</source>
        <translation>quantidade da linha {n}</translation>
    </message>
    <message>
        <source>Type the quantity to credit on at least one line.</source>
        <translation>Digite a quantidade a creditar em pelo menos uma linha.</translation>
    </message>
    <message>
        <source>Credit note {number} posted.</source>
        <translation>Nota de crédito {number} lançada.</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Novo cliente</translation>
    </message>
    <message>
        <source>Book default: {terms}</source>
        <translation>Padrão do livro: {terms}</translation>
    </message>
    <message>
        <source>&amp;Code:</source>
        <translation>&amp;Código:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nome:</translation>
    </message>
    <message>
        <source>Payment &amp;terms:</source>
        <translation>Condições de &amp;pagamento:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Endereço:</translation>
    </message>
    <message>
        <source>Ta&amp;x id:</source>
        <translation>C&amp;NPJ/CPF:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>Documents in &amp;language:</source>
        <translation>Documentos em &amp;idioma:</translation>
    </message>
    <message>
        <source>Type a customer code, e.g. ACME.</source>
        <translation>Digite um código de cliente, p. ex. ACME.</translation>
    </message>
    <message>
        <source>There is already a customer with code &quot;{code}&quot;.</source>
        <translation>Já existe um cliente com o código &quot;{code}&quot;.</translation>
    </message>
    <message>
        <source>Type the customer&apos;s name.</source>
        <translation>Digite o nome do cliente.</translation>
    </message>
    <message>
        <source>Understood as: {terms}</source>
        <translation>Entendido como: {terms}</translation>
    </message>
    <message>
        <source>Customer {code} added.</source>
        <translation>Cliente {code} cadastrado.</translation>
    </message>
    <message>
        <source>The book&apos;s ({language})</source>
        <translation>O do livro ({language})</translation>
    </message>
    <message>
        <source>Choose a customer (type part of the code or name).</source>
        <translation>Escolha um cliente (digite parte do código ou do nome).</translation>
    </message>
    <message>
        <source>Type at least one line: description, quantity and unit price.</source>
        <translation>Digite pelo menos uma linha: descrição, quantidade e preço unitário.</translation>
    </message>
    <message>
        <source>New invoice</source>
        <translation>Nova fatura</translation>
    </message>
    <message>
        <source>&amp;Customer:</source>
        <translation>&amp;Cliente:</translation>
    </message>
    <message>
        <source>&amp;Lines:</source>
        <translation>&amp;Linhas:</translation>
    </message>
    <message>
        <source>Invoice {number} posted.</source>
        <translation>Fatura {number} lançada.</translation>
    </message>
    <message>
        <source>Invoice an order</source>
        <translation>Faturar um pedido</translation>
    </message>
    <message>
        <source>By &amp;lines and quantities</source>
        <translation>Por &amp;linhas e quantidades</translation>
    </message>
    <message>
        <source>Left to invoice</source>
        <translation>A faturar</translation>
    </message>
    <message>
        <source>Invoice quantity</source>
        <translation>Quantidade a faturar</translation>
    </message>
    <message>
        <source>&amp;Order:</source>
        <translation>&amp;Pedido:</translation>
    </message>
    <message>
        <source>Invoice:</source>
        <translation>Faturar:</translation>
    </message>
    <message>
        <source>Type the number of the order to invoice.</source>
        <translation>Digite o número do pedido a faturar.</translation>
    </message>
    <message>
        <source>Type the quantity to invoice on at least one line.</source>
        <translation>Digite a quantidade a faturar em pelo menos uma linha.</translation>
    </message>
    <message>
        <source>The order is fully invoiced: this is a standalone invoice. It does not change the order or use its payments.</source>
        <translation>O pedido está totalmente faturado: esta é uma fatura avulsa. Ela não altera o pedido nem usa seus pagamentos.</translation>
    </message>
    <message>
        <source>This invoice counts towards order {order}.</source>
        <translation>Esta fatura conta para o pedido {order}.</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>Novo pedido</translation>
    </message>
    <message>
        <source>D&amp;iscount:</source>
        <translation>D&amp;esconto:</translation>
    </message>
    <message>
        <source>&amp;Notes:</source>
        <translation>&amp;Observações:</translation>
    </message>
    <message>
        <source>discount</source>
        <translation>desconto</translation>
    </message>
    <message>
        <source>Order {number} posted.</source>
        <translation>Pedido {number} lançado.</translation>
    </message>
    <message>
        <source>Change order</source>
        <translation>Alterar pedido</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>Order lines:</source>
        <translation>Linhas do pedido:</translation>
    </message>
    <message>
        <source>&amp;Add lines:</source>
        <translation>&amp;Adicionar linhas:</translation>
    </message>
    <message>
        <source>Type the number of the order to change.</source>
        <translation>Digite o número do pedido a alterar.</translation>
    </message>
    <message>
        <source>{refund} received above the new total is refunded automatically.</source>
        <translation>{refund} recebido acima do novo total é reembolsado automaticamente.</translation>
    </message>
    <message>
        <source>Order {number} changed.</source>
        <translation>Pedido {number} alterado.</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>Cancelar pedido</translation>
    </message>
    <message>
        <source>Keep order</source>
        <translation>Manter pedido</translation>
    </message>
    <message>
        <source>Type the number of the order to cancel.</source>
        <translation>Digite o número do pedido a cancelar.</translation>
    </message>
    <message>
        <source>Order {number} cancelled.</source>
        <translation>Pedido {number} cancelado.</translation>
    </message>
    <message>
        <source>New payment</source>
        <translation>Novo pagamento</translation>
    </message>
    <message>
        <source>Choose a row of the list.</source>
        <translation>Escolha uma linha da lista.</translation>
    </message>
    <message>
        <source>Credit to &amp;refund:</source>
        <translation>Crédito a &amp;reembolsar:</translation>
    </message>
    <message>
        <source>This customer has no credit left to refund.</source>
        <translation>Este cliente não tem crédito a reembolsar.</translation>
    </message>
    <message>
        <source>Credit left</source>
        <translation>Crédito restante</translation>
    </message>
    <message>
        <source>Refund customer credit</source>
        <translation>Reembolsar crédito do cliente</translation>
    </message>
    <message>
        <source>all the credit left</source>
        <translation>todo o crédito restante</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Valor:</translation>
    </message>
    <message>
        <source>refund amount</source>
        <translation>valor do reembolso</translation>
    </message>
    <message>
        <source>Refund {number} posted.</source>
        <translation>Reembolso {number} lançado.</translation>
    </message>
    <message>
        <source>Pay out</source>
        <translation>Pagar</translation>
    </message>
    <message>
        <source>Refund to &amp;pay:</source>
        <translation>Reembolso a &amp;pagar:</translation>
    </message>
    <message>
        <source>There is no refund waiting to be paid out.</source>
        <translation>Não há reembolso à espera de pagamento.</translation>
    </message>
    <message>
        <source>Refunded from</source>
        <translation>Reembolsado de</translation>
    </message>
    <message>
        <source>Pay refund</source>
        <translation>Pagar reembolso</translation>
    </message>
    <message>
        <source>bank reference of the transfer</source>
        <translation>referência bancária da transferência</translation>
    </message>
    <message>
        <source>Refund {number} paid out.</source>
        <translation>Reembolso {number} pago.</translation>
    </message>
    <message>
        <source>Unbilled &amp;item:</source>
        <translation>&amp;Item não faturado:</translation>
    </message>
    <message>
        <source>There is no open unbilled item.</source>
        <translation>Não há item não faturado em aberto.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Left by</source>
        <translation>Deixado por</translation>
    </message>
    <message>
        <source>Bill</source>
        <translation>Faturar</translation>
    </message>
    <message>
        <source>Bill unbilled item</source>
        <translation>Faturar item não faturado</translation>
    </message>
    <message>
        <source>Write off</source>
        <translation>Baixar</translation>
    </message>
    <message>
        <source>Write off unbilled item</source>
        <translation>Baixar item não faturado</translation>
    </message>
    <message>
        <source>Unbilled item {id} written off.</source>
        <translation>Item não faturado {id} baixado.</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Forma:</translation>
    </message>
    <message>
        <source>&amp;Reference:</source>
        <translation>&amp;Referência:</translation>
    </message>
    <message>
        <source>On &amp;order:</source>
        <translation>No &amp;pedido:</translation>
    </message>
    <message>
        <source>Keep what an order does not need as customer &amp;credit</source>
        <translation>Manter o que um pedido não precisa como &amp;crédito do cliente</translation>
    </message>
    <message>
        <source>(none — customer credit)</source>
        <translation>(nenhum — crédito do cliente)</translation>
    </message>
    <message>
        <source>(several orders — split below)</source>
        <translation>(vários pedidos — dividir abaixo)</translation>
    </message>
    <message>
        <source>{number} — {status}, total {total}</source>
        <translation>{number} — {status}, total {total}</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>valor</translation>
    </message>
    <message>
        <source>A payment amount must be more than zero.</source>
        <translation>O valor do pagamento deve ser maior que zero.</translation>
    </message>
    <message>
        <source>{amount} is recorded in {parts} part(s): {explanation} Order money settles the order&apos;s invoices as they are posted.</source>
        <translation>{amount} é registrado em {parts} parte(s): {explanation} O dinheiro do pedido liquida as faturas do pedido à medida que são lançadas.</translation>
    </message>
    <message>
        <source>{amount} is recorded on order {order}: it settles the order&apos;s invoices as they are posted.</source>
        <translation>{amount} é registrado no pedido {order}: liquida as faturas do pedido à medida que são lançadas.</translation>
    </message>
    <message>
        <source>{amount} becomes customer credit until settled; the customer has {open} open.</source>
        <translation>{amount} fica como crédito do cliente até ser liquidado; o cliente tem {open} em aberto.</translation>
    </message>
    <message>
        <source>Payment {number} posted.</source>
        <translation>Pagamento {number} lançado.</translation>
    </message>
    <message>
        <source>Payments {numbers} posted (one receipt).</source>
        <translation>Pagamentos {numbers} lançados (um só recebimento).</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>Cash discount on partial payments</source>
        <translation>Desconto financeiro em pagamentos parciais</translation>
    </message>
    <message>
        <source>Net the cash discount on credit notes</source>
        <translation>Compensar o desconto financeiro nas notas de crédito</translation>
    </message>
    <message>
        <source>Full settlement allowed</source>
        <translation>Quitação total permitida</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Data de vencimento</translation>
    </message>
    <message>
        <source>Invoice date</source>
        <translation>Data da fatura</translation>
    </message>
    <message>
        <source>Company &amp;name:</source>
        <translation>&amp;Nome da empresa:</translation>
    </message>
    <message>
        <source>Company &amp;address:</source>
        <translation>&amp;Endereço da empresa:</translation>
    </message>
    <message>
        <source>Company ta&amp;x id:</source>
        <translation>C&amp;NPJ da empresa:</translation>
    </message>
    <message>
        <source>C&amp;urrency (ISO code):</source>
        <translation>&amp;Moeda (código ISO):</translation>
    </message>
    <message>
        <source>Default payment &amp;terms:</source>
        <translation>Condições de &amp;pagamento padrão:</translation>
    </message>
    <message>
        <source>Maximum &amp;underpayment written off:</source>
        <translation>Pagamento a &amp;menor máximo baixado:</translation>
    </message>
    <message>
        <source>Maximum &amp;overpayment written off:</source>
        <translation>Pagamento a m&amp;aior máximo baixado:</translation>
    </message>
    <message>
        <source>A&amp;ging basis:</source>
        <translation>&amp;Base do aging:</translation>
    </message>
    <message>
        <source>Aging &amp;buckets (days):</source>
        <translation>&amp;Faixas do aging (dias):</translation>
    </message>
    <message>
        <source>Customers&apos; &amp;documents in:</source>
        <translation>&amp;Documentos dos clientes em:</translation>
    </message>
    <message>
        <source>Company &amp;IBAN:</source>
        <translation>&amp;IBAN da empresa:</translation>
    </message>
    <message>
        <source>Company &amp;logo (PNG/JPEG/SVG file):</source>
        <translation>&amp;Logotipo da empresa (arquivo PNG/JPEG/SVG):</translation>
    </message>
    <message>
        <source>Reminder levels at days &amp;overdue:</source>
        <translation>Níveis de cobrança em dias de &amp;atraso:</translation>
    </message>
    <message>
        <source>Days between &amp;reminders:</source>
        <translation>Dias entre &amp;lembretes:</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Configurações salvas.</translation>
    </message>
    <message>
        <source>Settle</source>
        <translation>Liquidar</translation>
    </message>
    <message>
        <source>Full settlement is switched off in Settings.</source>
        <translation>A quitação total está desativada nas Configurações.</translation>
    </message>
    <message>
        <source>&amp;Payment or credit note:</source>
        <translation>&amp;Pagamento ou nota de crédito:</translation>
    </message>
    <message>
        <source>Settlement &amp;date:</source>
        <translation>&amp;Data da liquidação:</translation>
    </message>
    <message>
        <source>Open invoices (oldest due first)</source>
        <translation>Faturas em aberto (vencimento mais antigo primeiro)</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <source>On account</source>
        <translation>Em conta</translation>
    </message>
    <message>
        <source>Cash discount</source>
        <translation>Desconto financeiro</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Saldo depois</translation>
    </message>
    <message>
        <source>&amp;Propose amounts again</source>
        <translation>&amp;Propor valores de novo</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Disponível</translation>
    </message>
    <message>
        <source>Remaining credit</source>
        <translation>Crédito restante</translation>
    </message>
    <message>
        <source>{number} — {kind} of {date}, {left} left</source>
        <translation>{number} — {kind} de {date}, {left} disponível</translation>
    </message>
    <message>
        <source>Money to apply to this invoice</source>
        <translation>Valor a aplicar nesta fatura</translation>
    </message>
    <message>
        <source>amount for {n}</source>
        <translation>valor para {n}</translation>
    </message>
    <message>
        <source>Choose the customer whose payment or credit note to apply.</source>
        <translation>Escolha o cliente cujo pagamento ou nota de crédito será aplicado.</translation>
    </message>
    <message>
        <source>This customer has no payment or credit note with credit left to apply.</source>
        <translation>Este cliente não tem pagamento ou nota de crédito com saldo a aplicar.</translation>
    </message>
    <message>
        <source>This customer has no open invoice to settle.</source>
        <translation>Este cliente não tem fatura em aberto para liquidar.</translation>
    </message>
    <message>
        <source>Settlement {ids} posted.</source>
        <translation>Liquidação {ids} lançada.</translation>
    </message>
    <message>
        <source>Unsettle</source>
        <translation>Desfazer liquidação</translation>
    </message>
    <message>
        <source>Invoice or payment number</source>
        <translation>Número da fatura ou do pagamento</translation>
    </message>
    <message>
        <source>&amp;Document:</source>
        <translation>&amp;Documento:</translation>
    </message>
    <message>
        <source>Settlements:</source>
        <translation>Liquidações:</translation>
    </message>
    <message>
        <source>Unsettlement &amp;date:</source>
        <translation>&amp;Data do estorno:</translation>
    </message>
    <message>
        <source>Reversal preview</source>
        <translation>Prévia do estorno</translation>
    </message>
    <message>
        <source>Type the invoice or payment whose settlement to undo.</source>
        <translation>Digite a fatura ou o pagamento cuja liquidação será desfeita.</translation>
    </message>
    <message>
        <source>{number} has no settlement left to undo.</source>
        <translation>{number} não tem liquidação a desfazer.</translation>
    </message>
    <message>
        <source>Choose the settlement to undo.</source>
        <translation>Escolha a liquidação a desfazer.</translation>
    </message>
    <message>
        <source>Settlement undone by {id}.</source>
        <translation>Liquidação desfeita por {id}.</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>rascunho</translation>
    </message>
    <message>
        <source>posted</source>
        <translation>lançada</translation>
    </message>
    <message>
        <source>partially settled</source>
        <translation>parcialmente liquidada</translation>
    </message>
    <message>
        <source>settled</source>
        <translation>liquidada</translation>
    </message>
    <message>
        <source>corrected</source>
        <translation>corrigida</translation>
    </message>
    <message>
        <source>open</source>
        <translation>aberto</translation>
    </message>
    <message>
        <source>partially invoiced</source>
        <translation>parcialmente faturado</translation>
    </message>
    <message>
        <source>invoiced</source>
        <translation>faturado</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>invoice</source>
        <translation>fatura</translation>
    </message>
    <message>
        <source>standalone invoice</source>
        <translation>fatura avulsa</translation>
    </message>
    <message>
        <source>credit note</source>
        <translation>nota de crédito</translation>
    </message>
    <message>
        <source>corrective invoice</source>
        <translation>fatura corretiva</translation>
    </message>
    <message>
        <source>payment</source>
        <translation>pagamento</translation>
    </message>
    <message>
        <source>billed</source>
        <translation>faturado</translation>
    </message>
    <message>
        <source>not chargeable</source>
        <translation>não cobrável</translation>
    </message>
    <message>
        <source>receivables</source>
        <translation>contas a receber</translation>
    </message>
    <message>
        <source>bank</source>
        <translation>banco</translation>
    </message>
    <message>
        <source>sales</source>
        <translation>vendas</translation>
    </message>
    <message>
        <source>cash discount</source>
        <translation>desconto financeiro</translation>
    </message>
    <message>
        <source>over/underpayment</source>
        <translation>diferenças de pagamento</translation>
    </message>
    <message>
        <source>refunds payable</source>
        <translation>reembolsos a pagar</translation>
    </message>
    <message>
        <source>customer advances</source>
        <translation>adiantamentos de clientes</translation>
    </message>
    <message>
        <source>unbilled</source>
        <translation>não faturado</translation>
    </message>
    <message>
        <source>bank transfer</source>
        <translation>transferência bancária</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Lançar</translation>
    </message>
    <message>
        <source>Add customer</source>
        <translation>Cadastrar cliente</translation>
    </message>
    <message>
        <source>Post order</source>
        <translation>Lançar pedido</translation>
    </message>
    <message>
        <source>Post invoice</source>
        <translation>Lançar fatura</translation>
    </message>
    <message>
        <source>Post payment</source>
        <translation>Lançar pagamento</translation>
    </message>
    <message>
        <source>Post credit note</source>
        <translation>Lançar nota de crédito</translation>
    </message>
    <message>
        <source>Post correction</source>
        <translation>Lançar correção</translation>
    </message>
    <message>
        <source>Post change</source>
        <translation>Lançar alteração</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Salvar configurações</translation>
    </message>
    <message>
        <source>Order total</source>
        <translation>Total do pedido</translation>
    </message>
    <message>
        <source>Cash discount until</source>
        <translation>Desconto financeiro até</translation>
    </message>
    <message>
        <source>Already invoiced</source>
        <translation>Já faturado</translation>
    </message>
    <message>
        <source>This invoice</source>
        <translation>Esta fatura</translation>
    </message>
    <message>
        <source>Settled from order money</source>
        <translation>Liquidado com o dinheiro do pedido</translation>
    </message>
    <message>
        <source>Reduces the balance by</source>
        <translation>Reduz o saldo em</translation>
    </message>
    <message>
        <source>Cash discount reversed</source>
        <translation>Desconto financeiro estornado</translation>
    </message>
    <message>
        <source>Owed to the customer</source>
        <translation>Devido ao cliente</translation>
    </message>
    <message>
        <source>Open balance</source>
        <translation>Saldo em aberto</translation>
    </message>
    <message>
        <source>Change in what is owed</source>
        <translation>Variação do valor devido</translation>
    </message>
    <message>
        <source>Old total</source>
        <translation>Total anterior</translation>
    </message>
    <message>
        <source>New total</source>
        <translation>Novo total</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recebido</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Counterparty</source>
        <translation>Contraparte</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Histórico</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Proposta</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confiança</translation>
    </message>
    <message>
        <source>Unmatched</source>
        <translation>Não conciliadas</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>Conciliadas</translation>
    </message>
    <message>
        <source>on</source>
        <translation>em</translation>
    </message>
    <message>
        <source>Corrects</source>
        <translation>Corrige</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Credita</translation>
    </message>
    <message>
        <source>card</source>
        <translation>cartão</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>dinheiro</translation>
    </message>
    <message>
        <source>cheque</source>
        <translation>cheque</translation>
    </message>
    <message>
        <source>direct debit</source>
        <translation>débito automático</translation>
    </message>
    <message>
        <source>Show the documents of one customer (Ctrl+K)</source>
        <translation>Mostrar os documentos de um cliente (Ctrl+K)</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>&amp;Pedidos</translation>
    </message>
    <message>
        <source>&amp;Invoices</source>
        <translation>&amp;Faturas</translation>
    </message>
    <message>
        <source>&amp;Payments</source>
        <translation>Pa&amp;gamentos</translation>
    </message>
    <message>
        <source>&amp;New book…</source>
        <translation>&amp;Novo livro…</translation>
    </message>
    <message>
        <source>&amp;Open book…</source>
        <translation>&amp;Abrir livro…</translation>
    </message>
    <message>
        <source>Open book on a &amp;server…</source>
        <translation>Abrir livro em um &amp;servidor…</translation>
    </message>
    <message>
        <source>&amp;Import workbook…</source>
        <translation>&amp;Importar planilha…</translation>
    </message>
    <message>
        <source>&amp;Export workbook…</source>
        <translation>&amp;Exportar planilha…</translation>
    </message>
    <message>
        <source>&amp;Back up book…</source>
        <translation>Fazer &amp;backup do livro…</translation>
    </message>
    <message>
        <source>Fill with &amp;demo data…</source>
        <translation>Preencher com dados de &amp;demonstração…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>New &amp;customer…</source>
        <translation>Novo &amp;cliente…</translation>
    </message>
    <message>
        <source>New &amp;order…</source>
        <translation>Novo &amp;pedido…</translation>
    </message>
    <message>
        <source>Invoice an o&amp;rder…</source>
        <translation>Faturar um pe&amp;dido…</translation>
    </message>
    <message>
        <source>New &amp;invoice…</source>
        <translation>Nova &amp;fatura…</translation>
    </message>
    <message>
        <source>New &amp;payment…</source>
        <translation>Novo pa&amp;gamento…</translation>
    </message>
    <message>
        <source>&amp;Settle…</source>
        <translation>&amp;Liquidar…</translation>
    </message>
    <message>
        <source>&amp;Unsettle…</source>
        <translation>&amp;Desfazer liquidação…</translation>
    </message>
    <message>
        <source>Credit &amp;note…</source>
        <translation>Nota de &amp;crédito…</translation>
    </message>
    <message>
        <source>Co&amp;rrective invoice…</source>
        <translation>Fatura co&amp;rretiva…</translation>
    </message>
    <message>
        <source>C&amp;hange order…</source>
        <translation>&amp;Alterar pedido…</translation>
    </message>
    <message>
        <source>Cance&amp;l order…</source>
        <translation>Cance&amp;lar pedido…</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>Con&amp;figurações…</translation>
    </message>
    <message>
        <source>&amp;Aging workbook…</source>
        <translation>Planilha de &amp;aging…</translation>
    </message>
    <message>
        <source>&amp;Credit note PDF…</source>
        <translation>PDF da nota de &amp;crédito…</translation>
    </message>
    <message>
        <source>&amp;Settlement report PDF…</source>
        <translation>Relatório de &amp;liquidações (PDF)…</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Procurar…</translation>
    </message>
    <message>
        <source>Choose &amp;customer</source>
        <translation>Escolher &amp;cliente</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;tualizar</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Atalhos de teclado</translation>
    </message>
    <message>
        <source>&amp;About Acerto</source>
        <translation>&amp;Sobre o Acerto</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;Recent books</source>
        <translation>Livros &amp;recentes</translation>
    </message>
    <message>
        <source>&amp;Documents</source>
        <translation>&amp;Documentos</translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation>&amp;Relatórios</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Exibir</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Cliente:</translation>
    </message>
    <message>
        <source>Bank re&amp;conciliation…</source>
        <translation>&amp;Conciliação bancária…</translation>
    </message>
    <message>
        <source>&amp;Refund customer credit…</source>
        <translation>&amp;Reembolsar crédito do cliente…</translation>
    </message>
    <message>
        <source>Pa&amp;y refund…</source>
        <translation>Pa&amp;gar reembolso…</translation>
    </message>
    <message>
        <source>&amp;Bill unbilled item…</source>
        <translation>&amp;Faturar item não faturado…</translation>
    </message>
    <message>
        <source>&amp;Write off unbilled item…</source>
        <translation>&amp;Baixar item não faturado…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The new language is used the next time Acerto starts.</source>
        <translation>O novo idioma será usado na próxima vez que o Acerto for iniciado.</translation>
    </message>
    <message>
        <source>{n} documents · total {total} · open {open} · overdue {overdue} ({od_n})</source>
        <translation>{n} documentos · total {total} · em aberto {open} · vencido {overdue} ({od_n})</translation>
    </message>
    <message>
        <source>{n} orders · total {total} · left to invoice {open}</source>
        <translation>{n} pedidos · total {total} · a faturar {open}</translation>
    </message>
    <message>
        <source>{n} payments · received {total} · unapplied {open}</source>
        <translation>{n} pagamentos · recebido {total} · não aplicado {open}</translation>
    </message>
    <message>
        <source>Acerto</source>
        <translation>Acerto</translation>
    </message>
    <message>
        <source>Open book</source>
        <translation>Abrir livro</translation>
    </message>
    <message>
        <source>The book could not be opened:</source>
        <translation>Não foi possível abrir o livro:</translation>
    </message>
    <message>
        <source>New book</source>
        <translation>Novo livro</translation>
    </message>
    <message>
        <source>Acerto books (*.sqlite *.acerto *.db)</source>
        <translation>Livros do Acerto (*.sqlite *.acerto *.db)</translation>
    </message>
    <message>
        <source>That file exists; choose Open book to open it.</source>
        <translation>Esse arquivo já existe; use Abrir livro para abri-lo.</translation>
    </message>
    <message>
        <source>Acerto books (*.sqlite *.acerto *.db);;All files (*)</source>
        <translation>Livros do Acerto (*.sqlite *.acerto *.db);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>Open book on a server</source>
        <translation>Abrir livro em um servidor</translation>
    </message>
    <message>
        <source>PostgreSQL URL (postgresql://user@host:port/dbname):</source>
        <translation>URL do PostgreSQL (postgresql://usuario@host:porta/banco):</translation>
    </message>
    <message>
        <source>Back up book</source>
        <translation>Backup do livro</translation>
    </message>
    <message>
        <source>Acerto books (*.sqlite)</source>
        <translation>Livros do Acerto (*.sqlite)</translation>
    </message>
    <message>
        <source>Backup written to {path}</source>
        <translation>Backup gravado em {path}</translation>
    </message>
    <message>
        <source>Report written</source>
        <translation>Relatório gravado</translation>
    </message>
    <message>
        <source>{path} was written. Open it now?</source>
        <translation>{path} foi gravado. Abrir agora?</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <source>About Acerto</source>
        <translation>Sobre o Acerto</translation>
    </message>
    <message>
        <source>Acerto — receivables reconciliation for small businesses.</source>
        <translation>Acerto — conciliação de contas a receber para pequenas empresas.</translation>
    </message>
    <message>
        <source>&amp;Invoice PDF…</source>
        <translation>PDF da &amp;fatura…</translation>
    </message>
    <message>
        <source>&amp;Print invoice…</source>
        <translation>&amp;Imprimir fatura…</translation>
    </message>
    <message>
        <source>S&amp;tatements of account…</source>
        <translation>&amp;Extratos de conta…</translation>
    </message>
    <message>
        <source>Payment &amp;reminders…</source>
        <translation>&amp;Lembretes de pagamento…</translation>
    </message>
    <message>
        <source>Invoice number:</source>
        <translation>Número da fatura:</translation>
    </message>
    <message>
        <source>Invoice PDF</source>
        <translation>PDF da fatura</translation>
    </message>
    <message>
        <source>Print invoice</source>
        <translation>Imprimir fatura</translation>
    </message>
    <message>
        <source>Statements of account</source>
        <translation>Extratos de conta</translation>
    </message>
    <message>
        <source>&amp;Customer (empty: all with a balance):</source>
        <translation>&amp;Cliente (vazio: todos com saldo):</translation>
    </message>
    <message>
        <source>&amp;Save PDF…</source>
        <translation>&amp;Salvar PDF…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimir…</translation>
    </message>
    <message>
        <source>{n} statements written to {folder}.</source>
        <translation>{n} extratos gravados em {folder}.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Nível</translation>
    </message>
    <message>
        <source>Owed</source>
        <translation>Devido</translation>
    </message>
    <message>
        <source>Credit taken</source>
        <translation>Crédito usado</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Faturas</translation>
    </message>
    <message>
        <source>Payment reminders</source>
        <translation>Lembretes de pagamento</translation>
    </message>
    <message>
        <source>&amp;Write letters and record…</source>
        <translation>&amp;Gerar cartas e registrar…</translation>
    </message>
    <message>
        <source>{number}: level {level}, {owed}</source>
        <translation>{number}: nível {level}, {owed}</translation>
    </message>
    <message>
        <source>{n} customers get a reminder.</source>
        <translation>{n} clientes recebem um lembrete.</translation>
    </message>
    <message>
        <source>Excluded: {codes}.</source>
        <translation>Excluídos: {codes}.</translation>
    </message>
    <message>
        <source>{n} reminder letters written to {folder}.</source>
        <translation>{n} cartas de cobrança gravadas em {folder}.</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Forma</translation>
    </message>
    <message>
        <source>partial</source>
        <comment>invoice status, short</comment>
        <translation>parcial</translation>
    </message>
    <message>
        <source>partial</source>
        <comment>order status, short</comment>
        <translation>parcial</translation>
    </message>
    <message>
        <source>standalone</source>
        <comment>invoice kind, short</comment>
        <translation>avulsa</translation>
    </message>
    <message>
        <source>credit note</source>
        <comment>invoice kind, short</comment>
        <translation>crédito</translation>
    </message>
    <message>
        <source>corrective</source>
        <comment>invoice kind, short</comment>
        <translation>corretiva</translation>
    </message>
    <message>
        <source>transfer</source>
        <comment>payment method, short</comment>
        <translation>transferência</translation>
    </message>
    <message>
        <source>debit</source>
        <comment>payment method, short</comment>
        <translation>débito</translation>
    </message>
    <message>
        <source>Overdue since {date}: {balance} open</source>
        <translation>Vencido desde {date}: {balance} em aberto</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Em aberto</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>Open items</source>
        <translation>Em aberto</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Vencidos</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Todos os tipos</translation>
    </message>
    <message>
        <source>From date (Delete clears)</source>
        <translation>Data inicial (Delete limpa)</translation>
    </message>
    <message>
        <source>To date (Delete clears)</source>
        <translation>Data final (Delete limpa)</translation>
    </message>
    <message>
        <source>Search number, customer, reference…</source>
        <translation>Procurar número, cliente, referência…</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Situação:</translation>
    </message>
    <message>
        <source>More than {n} rows; counting them…</source>
        <translation>Mais de {n} linhas; contando-as…</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;De:</translation>
    </message>
    <message>
        <source>T&amp;o:</source>
        <translation>A&amp;té:</translation>
    </message>
    <message>
        <source>Aging workbook</source>
        <translation>Planilha de aging</translation>
    </message>
    <message>
        <source>&amp;As of:</source>
        <translation>&amp;Na data:</translation>
    </message>
    <message>
        <source>&amp;Basis:</source>
        <translation>&amp;Base:</translation>
    </message>
    <message>
        <source>B&amp;uckets (days):</source>
        <translation>&amp;Faixas (dias):</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Planilhas do Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Credit note PDF</source>
        <translation>PDF da nota de crédito</translation>
    </message>
    <message>
        <source>Credit note number:</source>
        <translation>Número da nota de crédito:</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Arquivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Settlement report</source>
        <translation>Relatório de liquidações</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>A&amp;té:</translation>
    </message>
    <message>
        <source>Settlement report PDF</source>
        <translation>Relatório de liquidações (PDF)</translation>
    </message>
    <message>
        <source>Export workbook</source>
        <translation>Exportar planilha</translation>
    </message>
    <message>
        <source>Import workbook</source>
        <translation>Importar planilha</translation>
    </message>
    <message>
        <source>Nothing to import.</source>
        <translation>Nada a importar.</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>Dados de demonstração</translation>
    </message>
    <message>
        <source>How many invoices?</source>
        <translation>Quantas faturas?</translation>
    </message>
    <message>
        <source>Demo data written: {n} invoices.</source>
        <translation>Dados de demonstração gravados: {n} faturas.</translation>
    </message>
    <message>
        <source>Type a customer code or name</source>
        <translation>Digite o código ou o nome do cliente</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>Todos os clientes</translation>
    </message>
    <message>
        <source>Add line</source>
        <translation>Adicionar linha</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>Remover linha</translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.</source>
        <translation>Cancelado; nada foi alterado.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Split over the customer&apos;s orders</source>
        <translation>Dividir entre os pedidos do cliente</translation>
    </message>
    <message>
        <source>Still needs</source>
        <translation>Ainda falta</translation>
    </message>
    <message>
        <source>Amount for it</source>
        <translation>Valor para ele</translation>
    </message>
    <message>
        <source>&amp;Propose (oldest order first)</source>
        <translation>&amp;Propor (pedido mais antigo primeiro)</translation>
    </message>
    <message>
        <source>amount for order {order}</source>
        <translation>valor para o pedido {order}</translation>
    </message>
    <message>
        <source>Type an amount for at least one order, or press Propose.</source>
        <translation>Digite um valor para pelo menos um pedido, ou clique em Propor.</translation>
    </message>
    <message>
        <source>empty: use ~/.pgpass or PGPASSWORD</source>
        <translation>vazio: usar ~/.pgpass ou PGPASSWORD</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Senha:</translation>
    </message>
    <message>
        <source>Keep it in the system keyring</source>
        <translation>Guardar no chaveiro do sistema</translation>
    </message>
    <message>
        <source>No system keyring on this computer.</source>
        <translation>Não há chaveiro do sistema neste computador.</translation>
    </message>
    <message>
        <source>Cash discount when paid in full</source>
        <translation>Desconto financeiro mesmo com pagamento integral</translation>
    </message>
    <message>
        <source>A payment covering the whole balance within the discount period still takes the cash discount; what the customer did not deduct stays as credit.</source>
        <translation>Um pagamento que cobre todo o saldo dentro do prazo de desconto ainda recebe o desconto financeiro; o que o cliente não deduziu fica como crédito.</translation>
    </message>
    <message>
        <source>Edit Apply or Discount to choose them; tick Full settlement to waive what an invoice has left.</source>
        <translation>Edite Aplicar ou Desconto para escolhê-los; marque Quitação total para dispensar o que resta de uma fatura.</translation>
    </message>
    <message>
        <source>Waive what this invoice has left, posted as cash discount</source>
        <translation>Dispensar o que resta desta fatura, lançado como desconto financeiro</translation>
    </message>
    <message>
        <source>cash discount on {n}</source>
        <translation>desconto financeiro em {n}</translation>
    </message>
    <message>
        <source>Cash discount, from 0 up to {most}</source>
        <translation>Desconto financeiro, de 0 até {most}</translation>
    </message>
    <message>
        <source>Bank reconciliation</source>
        <translation>Conciliação bancária</translation>
    </message>
    <message>
        <source>&amp;Import statement…</source>
        <translation>&amp;Importar extrato…</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>&amp;Conta:</translation>
    </message>
    <message>
        <source>The bank account the file&apos;s lines belong to; a CSV file names none, so choose or type it. Its CSV columns are kept for its next file.</source>
        <translation>A conta bancária a que pertencem as linhas do arquivo; um arquivo CSV não indica nenhuma, então escolha ou digite-a. As colunas do CSV ficam guardadas para o próximo arquivo dela.</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Mostrar:</translation>
    </message>
    <message>
        <source>type a number or a name</source>
        <translation>digite um número ou um nome</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Aceitar</translation>
    </message>
    <message>
        <source>Accept every proposal at or above</source>
        <translation>Aceitar toda proposta com confiança a partir de</translation>
    </message>
    <message>
        <source>Accept a&amp;ll</source>
        <translation>Aceitar &amp;todas</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>matched</source>
        <translation>conciliada</translation>
    </message>
    <message>
        <source>on account</source>
        <translation>a crédito do cliente</translation>
    </message>
    <message>
        <source>No statement lines here. Import a statement.</source>
        <translation>Nenhuma linha de extrato aqui. Importe um extrato.</translation>
    </message>
    <message>
        <source>Refund paid out (blank: as proposed):</source>
        <translation>Reembolso pago (em branco: o proposto):</translation>
    </message>
    <message>
        <source>Invoices or customer (blank: as proposed):</source>
        <translation>Faturas ou cliente (em branco: o proposto):</translation>
    </message>
    <message>
        <source>type a refund&apos;s number or a name</source>
        <translation>digite o número de um reembolso ou um nome</translation>
    </message>
    <message>
        <source>Matched: </source>
        <translation>Conciliada: </translation>
    </message>
    <message>
        <source>As typed, before accepting:</source>
        <translation>Como digitado, antes de aceitar:</translation>
    </message>
    <message>
        <source>%1 stays on customer %2&apos;s account.</source>
        <translation>%1 fica como crédito na conta do cliente %2.</translation>
    </message>
    <message>
        <source>%n proposal(s)</source>
        <translation>%n proposta(s)</translation>
    </message>
    <message>
        <source>A line pays out one refund: type only one.</source>
        <translation>Uma linha paga um único reembolso: digite só um.</translation>
    </message>
    <message>
        <source>%1 and %2 are two customers: the money is one customer&apos;s payment.</source>
        <translation>%1 e %2 são dois clientes: o dinheiro é o pagamento de um só cliente.</translation>
    </message>
    <message>
        <source>Invoice %1 is customer %2&apos;s, not %3&apos;s: type only %3&apos;s.</source>
        <translation>A fatura %1 é do cliente %2, não de %3: digite só faturas de %3.</translation>
    </message>
    <message>
        <source>%1 is not an open refund: choose one of the list.</source>
        <translation>%1 não é um reembolso em aberto: escolha um da lista.</translation>
    </message>
    <message>
        <source>Refund %1 is %2, but the line paid out %3.</source>
        <translation>O reembolso %1 é de %2, mas a linha pagou %3.</translation>
    </message>
    <message>
        <source>the payout of refund %1 to %2, %3.</source>
        <translation>o pagamento do reembolso %1 a %2, %3.</translation>
    </message>
    <message>
        <source>Line %1 is money out with no refund proposed: type the refund it paid out. A purchase, a bank fee or any other payment is not a receivable: leave it unmatched.</source>
        <translation>A linha %1 é uma saída sem reembolso proposto: digite o reembolso que ela pagou. Uma compra, uma tarifa bancária ou qualquer outro pagamento não é conta a receber: deixe-a sem conciliar.</translation>
    </message>
    <message>
        <source>Line %1 has no proposal: type the invoices it pays.</source>
        <translation>A linha %1 não tem proposta: digite as faturas que ela paga.</translation>
    </message>
    <message>
        <source>Or type the customer who paid it: the money stays on their account.</source>
        <translation>Ou digite o cliente que pagou: o dinheiro fica como crédito na conta dele.</translation>
    </message>
    <message>
        <source>Warning: line %1 would be posted as customer %2&apos;s payment, but its payer is known as customer %3 (%4).</source>
        <translation>Atenção: a linha %1 seria lançada como pagamento do cliente %2, mas o pagador é conhecido como o cliente %3 (%4).</translation>
    </message>
    <message>
        <source>Accepting the proposals</source>
        <translation>Aceitando as propostas</translation>
    </message>
    <message>
        <source>Import statement</source>
        <translation>Importar extrato</translation>
    </message>
    <message>
        <source>Bank statements (*.xml *.ofx *.qfx *.n43 *.txt *.sta *.940 *.csv);;All files (*)</source>
        <translation>Extratos bancários (*.xml *.ofx *.qfx *.n43 *.txt *.sta *.940 *.csv);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>(the account the file names)</source>
        <translation>(a conta indicada no arquivo)</translation>
    </message>
    <message>
        <source>%1 is a CSV file, which names no bank account: choose or type the account its lines belong to in Account, then import it again.</source>
        <translation>%1 é um arquivo CSV, que não indica conta bancária: escolha ou digite em Conta a conta a que pertencem as linhas e importe-o de novo.</translation>
    </message>
    <message>
        <source>%1 line(s) added, %2 already in the book.</source>
        <translation>%1 linha(s) adicionada(s), %2 já no livro.</translation>
    </message>
    <message>
        <source>Welcome to Acerto</source>
        <translation>Bem-vindo ao Acerto</translation>
    </message>
    <message>
        <source>There is no book yet. Acerto will create it at:</source>
        <translation>Ainda não há livro. O Acerto vai criá-lo em:</translation>
    </message>
    <message>
        <source>as printed on invoices and PDFs</source>
        <translation>como impresso nas faturas e PDFs</translation>
    </message>
    <message>
        <source>Company:</source>
        <translation>Empresa:</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Moeda:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <source>e.g. &quot;net 30&quot; or &quot;2% 10, net 30&quot;</source>
        <translation>ex.: &quot;net 30&quot; ou &quot;2% 10, net 30&quot;</translation>
    </message>
    <message>
        <source>Default terms:</source>
        <translation>Condições padrão:</translation>
    </message>
    <message>
        <source>Fill with a demo book to try things out</source>
        <translation>Preencher com um livro de demonstração para experimentar</translation>
    </message>
    <message>
        <source>Create book</source>
        <translation>Criar livro</translation>
    </message>
    <message>
        <source>optional; printed on documents</source>
        <translation>opcional; impresso nos documentos</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Endereço:</translation>
    </message>
    <message>
        <source>Tax id:</source>
        <translation>CNPJ/NIF:</translation>
    </message>
    <message>
        <source>optional; where customers pay</source>
        <translation>opcional; onde os clientes pagam</translation>
    </message>
    <message>
        <source>IBAN:</source>
        <translation>IBAN:</translation>
    </message>
    <message>
        <source>optional PNG, JPEG or SVG file</source>
        <translation>arquivo PNG, JPEG ou SVG opcional</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.svg)</source>
        <translation>Imagens (*.png *.jpg *.jpeg *.svg)</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Escolher…</translation>
    </message>
    <message>
        <source>Logo:</source>
        <translation>Logotipo:</translation>
    </message>
    <message>
        <source>Company logo</source>
        <translation>Logotipo da empresa</translation>
    </message>
    <message>
        <source>There is no print spooler (lp) here; save the PDF and print it.</source>
        <translation>Não há fila de impressão (lp) aqui; salve o PDF e imprima-o.</translation>
    </message>
    <message>
        <source>The printer refused {name}: {why}</source>
        <translation>A impressora recusou {name}: {why}</translation>
    </message>
    <message>
        <source>Statement of account of {code}…</source>
        <translation>Extrato de conta de {code}…</translation>
    </message>
</context>
</TS>

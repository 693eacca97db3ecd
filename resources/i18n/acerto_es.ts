<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>Acerto</name>
    <message>
        <source>Lines</source>
        <translation>Líneas</translation>
    </message>
    <message>
        <source>Settlements</source>
        <translation>Liquidaciones</translation>
    </message>
    <message>
        <source>Unbilled</source>
        <translation>No facturado</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>Diario</translation>
    </message>
    <message>
        <source>Select an order, invoice or payment to see its details.</source>
        <translation>Seleccione un pedido, factura o pago para ver sus detalles.</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Descuento</translation>
    </message>
    <message>
        <source>Write-off</source>
        <translation>Ajuste</translation>
    </message>
    <message>
        <source>Full settlement</source>
        <translation>Liquidación total</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Asiento</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Debit</source>
        <translation>Debe</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Haber</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Precio unitario</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vencimiento</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
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
        <translation>Condiciones</translation>
    </message>
    <message>
        <source>Corrected by</source>
        <translation>Corregida por</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Factura</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Aplicado</translation>
    </message>
    <message>
        <source>Unapplied</source>
        <translation>Sin aplicar</translation>
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
        <translation>Referencia</translation>
    </message>
    <message>
        <source>Payment {number}</source>
        <translation>Pago {number}</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Facturado</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pagado</translation>
    </message>
    <message>
        <source>Order {number}</source>
        <translation>Pedido {number}</translation>
    </message>
    <message>
        <source>(removed)</source>
        <translation>(eliminada)</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Pago</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Reembolso</translation>
    </message>
    <message>
        <source>paid out {date}</source>
        <translation>pagado el {date}</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
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
        <translation>Error interno: {e}</translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation>Error interno</translation>
    </message>
    <message>
        <source>Acerto met an internal error (a bug) and stopped what it was doing; the window goes on working.

{message}

The details are in the log file:
{path}

Please send that file with a word on what you were doing.</source>
        <translation>Acerto encontró un error interno (un fallo) y detuvo lo que estaba haciendo; la ventana sigue funcionando.

{message}

Los detalles están en el archivo de registro:
{path}

Envíe ese archivo, por favor, con unas palabras sobre lo que estaba haciendo.</translation>
    </message>
    <message>
        <source>Corrective invoice</source>
        <translation>Factura rectificativa</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>Rectificar</translation>
    </message>
    <message>
        <source>Original quantity</source>
        <translation>Cantidad original</translation>
    </message>
    <message>
        <source>New quantity</source>
        <translation>Nueva cantidad</translation>
    </message>
    <message>
        <source>Every line starts as a full reversal (new quantity 0). Untick the lines that need no correction and type the new quantities.</source>
        <translation>Cada línea empieza como anulación total (nueva cantidad 0). Desmarque las líneas que no necesitan rectificación y escriba las nuevas cantidades.</translation>
    </message>
    <message>
        <source>&amp;Invoice:</source>
        <translation>&amp;Factura:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Fecha:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>Unbilled item</source>
        <translation>Partida no facturada</translation>
    </message>
    <message>
        <source>Save &amp;draft</source>
        <translation>Guardar &amp;borrador</translation>
    </message>
    <message>
        <source>Type the number of the invoice to correct.</source>
        <translation>Escriba el número de la factura a rectificar.</translation>
    </message>
    <message>
        <source>new quantity of line {n}</source>
        <translation>nueva cantidad de la línea {n}</translation>
    </message>
    <message>
        <source>Correction draft {number} saved.</source>
        <translation>Borrador de corrección {number} guardado.</translation>
    </message>
    <message>
        <source>Corrective invoice {number} posted.</source>
        <translation>Factura rectificativa {number} registrada.</translation>
    </message>
    <message>
        <source>Credit note</source>
        <translation>Abono</translation>
    </message>
    <message>
        <source>By &amp;amount</source>
        <translation>Por &amp;importe</translation>
    </message>
    <message>
        <source>By &amp;lines</source>
        <translation>Por &amp;líneas</translation>
    </message>
    <message>
        <source>Credit quantity</source>
        <translation>Cantidad a abonar</translation>
    </message>
    <message>
        <source>Credit:</source>
        <translation>Abono:</translation>
    </message>
    <message>
        <source>A&amp;mount:</source>
        <translation>&amp;Importe:</translation>
    </message>
    <message>
        <source>Lines:</source>
        <translation>Líneas:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>Type the number of the invoice to credit.</source>
        <translation>Escriba el número de la factura a abonar.</translation>
    </message>
    <message>
        <source>quantity of line {n}</source>
        <translation>cantidad de la línea {n}</translation>
    </message>
    <message>
        <source>Type the quantity to credit on at least one line.</source>
        <translation>Escriba la cantidad a abonar en al menos una línea.</translation>
    </message>
    <message>
        <source>Credit note {number} posted.</source>
        <translation>Abono {number} registrado.</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>Nuevo cliente</translation>
    </message>
    <message>
        <source>Book default: {terms}</source>
        <translation>Predeterminado del libro: {terms}</translation>
    </message>
    <message>
        <source>&amp;Code:</source>
        <translation>&amp;Código:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>Payment &amp;terms:</source>
        <translation>Condiciones de &amp;pago:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Dirección:</translation>
    </message>
    <message>
        <source>Ta&amp;x id:</source>
        <translation>N&amp;IF:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;Correo:</translation>
    </message>
    <message>
        <source>Documents in &amp;language:</source>
        <translation>Documentos en &amp;idioma:</translation>
    </message>
    <message>
        <source>Type a customer code, e.g. ACME.</source>
        <translation>Escriba un código de cliente, p. ej. ACME.</translation>
    </message>
    <message>
        <source>There is already a customer with code &quot;{code}&quot;.</source>
        <translation>Ya existe un cliente con el código &quot;{code}&quot;.</translation>
    </message>
    <message>
        <source>Type the customer&apos;s name.</source>
        <translation>Escriba el nombre del cliente.</translation>
    </message>
    <message>
        <source>Understood as: {terms}</source>
        <translation>Entendido como: {terms}</translation>
    </message>
    <message>
        <source>Customer {code} added.</source>
        <translation>Cliente {code} añadido.</translation>
    </message>
    <message>
        <source>The book&apos;s ({language})</source>
        <translation>El del libro ({language})</translation>
    </message>
    <message>
        <source>Choose a customer (type part of the code or name).</source>
        <translation>Elija un cliente (escriba parte del código o del nombre).</translation>
    </message>
    <message>
        <source>Type at least one line: description, quantity and unit price.</source>
        <translation>Escriba al menos una línea: descripción, cantidad y precio unitario.</translation>
    </message>
    <message>
        <source>New invoice</source>
        <translation>Nueva factura</translation>
    </message>
    <message>
        <source>&amp;Customer:</source>
        <translation>&amp;Cliente:</translation>
    </message>
    <message>
        <source>&amp;Lines:</source>
        <translation>&amp;Líneas:</translation>
    </message>
    <message>
        <source>Invoice {number} posted.</source>
        <translation>Factura {number} registrada.</translation>
    </message>
    <message>
        <source>Invoice an order</source>
        <translation>Facturar un pedido</translation>
    </message>
    <message>
        <source>By &amp;lines and quantities</source>
        <translation>Por &amp;líneas y cantidades</translation>
    </message>
    <message>
        <source>Left to invoice</source>
        <translation>Por facturar</translation>
    </message>
    <message>
        <source>Invoice quantity</source>
        <translation>Cantidad a facturar</translation>
    </message>
    <message>
        <source>&amp;Order:</source>
        <translation>&amp;Pedido:</translation>
    </message>
    <message>
        <source>Invoice:</source>
        <translation>Facturar:</translation>
    </message>
    <message>
        <source>Type the number of the order to invoice.</source>
        <translation>Escriba el número del pedido a facturar.</translation>
    </message>
    <message>
        <source>Type the quantity to invoice on at least one line.</source>
        <translation>Escriba la cantidad a facturar en al menos una línea.</translation>
    </message>
    <message>
        <source>The order is fully invoiced: this is a standalone invoice. It does not change the order or use its payments.</source>
        <translation>El pedido está totalmente facturado: esta es una factura independiente. No cambia el pedido ni usa sus pagos.</translation>
    </message>
    <message>
        <source>This invoice counts towards order {order}.</source>
        <translation>Esta factura cuenta para el pedido {order}.</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>Nuevo pedido</translation>
    </message>
    <message>
        <source>D&amp;iscount:</source>
        <translation>D&amp;escuento:</translation>
    </message>
    <message>
        <source>&amp;Notes:</source>
        <translation>&amp;Notas:</translation>
    </message>
    <message>
        <source>discount</source>
        <translation>descuento</translation>
    </message>
    <message>
        <source>Order {number} posted.</source>
        <translation>Pedido {number} registrado.</translation>
    </message>
    <message>
        <source>Change order</source>
        <translation>Modificar pedido</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Order lines:</source>
        <translation>Líneas del pedido:</translation>
    </message>
    <message>
        <source>&amp;Add lines:</source>
        <translation>&amp;Añadir líneas:</translation>
    </message>
    <message>
        <source>Type the number of the order to change.</source>
        <translation>Escriba el número del pedido a modificar.</translation>
    </message>
    <message>
        <source>{refund} received above the new total is refunded automatically.</source>
        <translation>{refund} cobrado por encima del nuevo total se reembolsa automáticamente.</translation>
    </message>
    <message>
        <source>Order {number} changed.</source>
        <translation>Pedido {number} modificado.</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>Anular pedido</translation>
    </message>
    <message>
        <source>Keep order</source>
        <translation>Mantener pedido</translation>
    </message>
    <message>
        <source>Type the number of the order to cancel.</source>
        <translation>Escriba el número del pedido a anular.</translation>
    </message>
    <message>
        <source>Order {number} cancelled.</source>
        <translation>Pedido {number} anulado.</translation>
    </message>
    <message>
        <source>New payment</source>
        <translation>Nuevo pago</translation>
    </message>
    <message>
        <source>Choose a row of the list.</source>
        <translation>Elija una fila de la lista.</translation>
    </message>
    <message>
        <source>Credit to &amp;refund:</source>
        <translation>Crédito a &amp;reembolsar:</translation>
    </message>
    <message>
        <source>This customer has no credit left to refund.</source>
        <translation>Este cliente no tiene crédito que reembolsar.</translation>
    </message>
    <message>
        <source>Credit left</source>
        <translation>Crédito restante</translation>
    </message>
    <message>
        <source>Refund customer credit</source>
        <translation>Reembolsar crédito del cliente</translation>
    </message>
    <message>
        <source>all the credit left</source>
        <translation>todo el crédito restante</translation>
    </message>
    <message>
        <source>&amp;Amount:</source>
        <translation>&amp;Importe:</translation>
    </message>
    <message>
        <source>refund amount</source>
        <translation>importe del reembolso</translation>
    </message>
    <message>
        <source>Refund {number} posted.</source>
        <translation>Reembolso {number} contabilizado.</translation>
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
        <translation>No hay ningún reembolso pendiente de pago.</translation>
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
        <translation>referencia bancaria de la transferencia</translation>
    </message>
    <message>
        <source>Refund {number} paid out.</source>
        <translation>Reembolso {number} pagado.</translation>
    </message>
    <message>
        <source>Unbilled &amp;item:</source>
        <translation>&amp;Partida no facturada:</translation>
    </message>
    <message>
        <source>There is no open unbilled item.</source>
        <translation>No hay ninguna partida no facturada abierta.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Partida</translation>
    </message>
    <message>
        <source>Left by</source>
        <translation>Dejada por</translation>
    </message>
    <message>
        <source>Bill</source>
        <translation>Facturar</translation>
    </message>
    <message>
        <source>Bill unbilled item</source>
        <translation>Facturar partida no facturada</translation>
    </message>
    <message>
        <source>Write off</source>
        <translation>Dar de baja</translation>
    </message>
    <message>
        <source>Write off unbilled item</source>
        <translation>Dar de baja partida no facturada</translation>
    </message>
    <message>
        <source>Unbilled item {id} written off.</source>
        <translation>Partida no facturada {id} dada de baja.</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Forma de pago:</translation>
    </message>
    <message>
        <source>&amp;Reference:</source>
        <translation>&amp;Referencia:</translation>
    </message>
    <message>
        <source>On &amp;order:</source>
        <translation>En el &amp;pedido:</translation>
    </message>
    <message>
        <source>Keep what an order does not need as customer &amp;credit</source>
        <translation>Dejar lo que un pedido no necesita como &amp;crédito del cliente</translation>
    </message>
    <message>
        <source>(none — customer credit)</source>
        <translation>(ninguno — crédito del cliente)</translation>
    </message>
    <message>
        <source>(several orders — split below)</source>
        <translation>(varios pedidos — repartir abajo)</translation>
    </message>
    <message>
        <source>{number} — {status}, total {total}</source>
        <translation>{number} — {status}, total {total}</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>importe</translation>
    </message>
    <message>
        <source>A payment amount must be more than zero.</source>
        <translation>El importe del pago debe ser mayor que cero.</translation>
    </message>
    <message>
        <source>{amount} is recorded in {parts} part(s): {explanation} Order money settles the order&apos;s invoices as they are posted.</source>
        <translation>{amount} se registra en {parts} parte(s): {explanation} El dinero del pedido liquida las facturas del pedido a medida que se contabilizan.</translation>
    </message>
    <message>
        <source>{amount} is recorded on order {order}: it settles the order&apos;s invoices as they are posted.</source>
        <translation>{amount} se registra en el pedido {order}: liquida las facturas del pedido a medida que se registran.</translation>
    </message>
    <message>
        <source>{amount} becomes customer credit until settled; the customer has {open} open.</source>
        <translation>{amount} queda como crédito del cliente hasta liquidarse; el cliente tiene {open} pendiente.</translation>
    </message>
    <message>
        <source>Payment {number} posted.</source>
        <translation>Pago {number} registrado.</translation>
    </message>
    <message>
        <source>Payments {numbers} posted (one receipt).</source>
        <translation>Pagos {numbers} contabilizados (un solo cobro).</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Cash discount on partial payments</source>
        <translation>Descuento por pronto pago en pagos parciales</translation>
    </message>
    <message>
        <source>Net the cash discount on credit notes</source>
        <translation>Compensar el descuento por pronto pago en los abonos</translation>
    </message>
    <message>
        <source>Full settlement allowed</source>
        <translation>Liquidación total permitida</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Fecha de vencimiento</translation>
    </message>
    <message>
        <source>Invoice date</source>
        <translation>Fecha de la factura</translation>
    </message>
    <message>
        <source>Company &amp;name:</source>
        <translation>&amp;Nombre de la empresa:</translation>
    </message>
    <message>
        <source>Company &amp;address:</source>
        <translation>&amp;Dirección de la empresa:</translation>
    </message>
    <message>
        <source>Company ta&amp;x id:</source>
        <translation>N&amp;IF de la empresa:</translation>
    </message>
    <message>
        <source>C&amp;urrency (ISO code):</source>
        <translation>&amp;Moneda (código ISO):</translation>
    </message>
    <message>
        <source>Default payment &amp;terms:</source>
        <translation>Condiciones de &amp;pago predeterminadas:</translation>
    </message>
    <message>
        <source>Maximum &amp;underpayment written off:</source>
        <translation>Pago &amp;insuficiente máximo ajustado:</translation>
    </message>
    <message>
        <source>Maximum &amp;overpayment written off:</source>
        <translation>Pago e&amp;xcesivo máximo ajustado:</translation>
    </message>
    <message>
        <source>A&amp;ging basis:</source>
        <translation>&amp;Base de antigüedad:</translation>
    </message>
    <message>
        <source>Aging &amp;buckets (days):</source>
        <translation>&amp;Tramos de antigüedad (días):</translation>
    </message>
    <message>
        <source>Customers&apos; &amp;documents in:</source>
        <translation>&amp;Documentos de clientes en:</translation>
    </message>
    <message>
        <source>Company &amp;IBAN:</source>
        <translation>&amp;IBAN de la empresa:</translation>
    </message>
    <message>
        <source>Company &amp;logo (PNG/JPEG/SVG file):</source>
        <translation>&amp;Logotipo de la empresa (fichero PNG/JPEG/SVG):</translation>
    </message>
    <message>
        <source>Reminder levels at days &amp;overdue:</source>
        <translation>Niveles de recordatorio a días de &amp;retraso:</translation>
    </message>
    <message>
        <source>Days between &amp;reminders:</source>
        <translation>Días entre &amp;recordatorios:</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Configuración guardada.</translation>
    </message>
    <message>
        <source>Settle</source>
        <translation>Liquidar</translation>
    </message>
    <message>
        <source>Full settlement is switched off in Settings.</source>
        <translation>La liquidación total está desactivada en la Configuración.</translation>
    </message>
    <message>
        <source>&amp;Payment or credit note:</source>
        <translation>&amp;Pago o abono:</translation>
    </message>
    <message>
        <source>Settlement &amp;date:</source>
        <translation>&amp;Fecha de liquidación:</translation>
    </message>
    <message>
        <source>Open invoices (oldest due first)</source>
        <translation>Facturas pendientes (vencimiento más antiguo primero)</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <source>On account</source>
        <translation>A cuenta</translation>
    </message>
    <message>
        <source>Cash discount</source>
        <translation>Descuento pronto pago</translation>
    </message>
    <message>
        <source>Balance after</source>
        <translation>Saldo después</translation>
    </message>
    <message>
        <source>&amp;Propose amounts again</source>
        <translation>&amp;Proponer importes de nuevo</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <source>Remaining credit</source>
        <translation>Crédito restante</translation>
    </message>
    <message>
        <source>{number} — {kind} of {date}, {left} left</source>
        <translation>{number} — {kind} del {date}, {left} disponible</translation>
    </message>
    <message>
        <source>Money to apply to this invoice</source>
        <translation>Importe a aplicar a esta factura</translation>
    </message>
    <message>
        <source>amount for {n}</source>
        <translation>importe para {n}</translation>
    </message>
    <message>
        <source>Choose the customer whose payment or credit note to apply.</source>
        <translation>Elija el cliente cuyo pago o abono se aplicará.</translation>
    </message>
    <message>
        <source>This customer has no payment or credit note with credit left to apply.</source>
        <translation>Este cliente no tiene pagos ni abonos con saldo por aplicar.</translation>
    </message>
    <message>
        <source>This customer has no open invoice to settle.</source>
        <translation>Este cliente no tiene facturas pendientes que liquidar.</translation>
    </message>
    <message>
        <source>Settlement {ids} posted.</source>
        <translation>Liquidación {ids} registrada.</translation>
    </message>
    <message>
        <source>Unsettle</source>
        <translation>Deshacer liquidación</translation>
    </message>
    <message>
        <source>Invoice or payment number</source>
        <translation>Número de factura o de pago</translation>
    </message>
    <message>
        <source>&amp;Document:</source>
        <translation>&amp;Documento:</translation>
    </message>
    <message>
        <source>Settlements:</source>
        <translation>Liquidaciones:</translation>
    </message>
    <message>
        <source>Unsettlement &amp;date:</source>
        <translation>&amp;Fecha de la anulación:</translation>
    </message>
    <message>
        <source>Reversal preview</source>
        <translation>Vista previa de la anulación</translation>
    </message>
    <message>
        <source>Type the invoice or payment whose settlement to undo.</source>
        <translation>Escriba la factura o el pago cuya liquidación se deshará.</translation>
    </message>
    <message>
        <source>{number} has no settlement left to undo.</source>
        <translation>{number} no tiene liquidaciones que deshacer.</translation>
    </message>
    <message>
        <source>Choose the settlement to undo.</source>
        <translation>Elija la liquidación que deshacer.</translation>
    </message>
    <message>
        <source>Settlement undone by {id}.</source>
        <translation>Liquidación deshecha por {id}.</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>borrador</translation>
    </message>
    <message>
        <source>posted</source>
        <translation>registrada</translation>
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
        <translation>rectificada</translation>
    </message>
    <message>
        <source>open</source>
        <translation>abierto</translation>
    </message>
    <message>
        <source>partially invoiced</source>
        <translation>parcialmente facturado</translation>
    </message>
    <message>
        <source>invoiced</source>
        <translation>facturado</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>anulado</translation>
    </message>
    <message>
        <source>invoice</source>
        <translation>factura</translation>
    </message>
    <message>
        <source>standalone invoice</source>
        <translation>factura independiente</translation>
    </message>
    <message>
        <source>credit note</source>
        <translation>abono</translation>
    </message>
    <message>
        <source>corrective invoice</source>
        <translation>factura rectificativa</translation>
    </message>
    <message>
        <source>payment</source>
        <translation>pago</translation>
    </message>
    <message>
        <source>billed</source>
        <translation>facturado</translation>
    </message>
    <message>
        <source>not chargeable</source>
        <translation>no facturable</translation>
    </message>
    <message>
        <source>receivables</source>
        <translation>clientes</translation>
    </message>
    <message>
        <source>bank</source>
        <translation>bancos</translation>
    </message>
    <message>
        <source>sales</source>
        <translation>ventas</translation>
    </message>
    <message>
        <source>cash discount</source>
        <translation>descuento pronto pago</translation>
    </message>
    <message>
        <source>over/underpayment</source>
        <translation>diferencias de cobro</translation>
    </message>
    <message>
        <source>refunds payable</source>
        <translation>reembolsos a pagar</translation>
    </message>
    <message>
        <source>customer advances</source>
        <translation>anticipos de clientes</translation>
    </message>
    <message>
        <source>unbilled</source>
        <translation>no facturado</translation>
    </message>
    <message>
        <source>bank transfer</source>
        <translation>transferencia bancaria</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Registrar</translation>
    </message>
    <message>
        <source>Add customer</source>
        <translation>Añadir cliente</translation>
    </message>
    <message>
        <source>Post order</source>
        <translation>Registrar pedido</translation>
    </message>
    <message>
        <source>Post invoice</source>
        <translation>Registrar factura</translation>
    </message>
    <message>
        <source>Post payment</source>
        <translation>Registrar pago</translation>
    </message>
    <message>
        <source>Post credit note</source>
        <translation>Registrar abono</translation>
    </message>
    <message>
        <source>Post correction</source>
        <translation>Registrar rectificación</translation>
    </message>
    <message>
        <source>Post change</source>
        <translation>Registrar cambio</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Guardar configuración</translation>
    </message>
    <message>
        <source>Order total</source>
        <translation>Total del pedido</translation>
    </message>
    <message>
        <source>Cash discount until</source>
        <translation>Descuento pronto pago hasta</translation>
    </message>
    <message>
        <source>Already invoiced</source>
        <translation>Ya facturado</translation>
    </message>
    <message>
        <source>This invoice</source>
        <translation>Esta factura</translation>
    </message>
    <message>
        <source>Settled from order money</source>
        <translation>Liquidado con el dinero del pedido</translation>
    </message>
    <message>
        <source>Reduces the balance by</source>
        <translation>Reduce el saldo en</translation>
    </message>
    <message>
        <source>Cash discount reversed</source>
        <translation>Descuento pronto pago revertido</translation>
    </message>
    <message>
        <source>Owed to the customer</source>
        <translation>Adeudado al cliente</translation>
    </message>
    <message>
        <source>Open balance</source>
        <translation>Saldo pendiente</translation>
    </message>
    <message>
        <source>Change in what is owed</source>
        <translation>Variación de lo adeudado</translation>
    </message>
    <message>
        <source>Old total</source>
        <translation>Total anterior</translation>
    </message>
    <message>
        <source>New total</source>
        <translation>Nuevo total</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Cobrado</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Counterparty</source>
        <translation>Contraparte</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Concepto</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Propuesta</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confianza</translation>
    </message>
    <message>
        <source>Unmatched</source>
        <translation>Sin conciliar</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>Conciliadas</translation>
    </message>
    <message>
        <source>on</source>
        <translation>el</translation>
    </message>
    <message>
        <source>Corrects</source>
        <translation>Rectifica</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Abona</translation>
    </message>
    <message>
        <source>card</source>
        <translation>tarjeta</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>efectivo</translation>
    </message>
    <message>
        <source>cheque</source>
        <translation>cheque</translation>
    </message>
    <message>
        <source>direct debit</source>
        <translation>domiciliación</translation>
    </message>
    <message>
        <source>Show the documents of one customer (Ctrl+K)</source>
        <translation>Mostrar los documentos de un cliente (Ctrl+K)</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>&amp;Pedidos</translation>
    </message>
    <message>
        <source>&amp;Invoices</source>
        <translation>&amp;Facturas</translation>
    </message>
    <message>
        <source>&amp;Payments</source>
        <translation>Pa&amp;gos</translation>
    </message>
    <message>
        <source>&amp;New book…</source>
        <translation>&amp;Nuevo libro…</translation>
    </message>
    <message>
        <source>&amp;Open book…</source>
        <translation>&amp;Abrir libro…</translation>
    </message>
    <message>
        <source>Open book on a &amp;server…</source>
        <translation>Abrir libro en un &amp;servidor…</translation>
    </message>
    <message>
        <source>&amp;Import workbook…</source>
        <translation>&amp;Importar hoja de cálculo…</translation>
    </message>
    <message>
        <source>&amp;Export workbook…</source>
        <translation>&amp;Exportar hoja de cálculo…</translation>
    </message>
    <message>
        <source>&amp;Back up book…</source>
        <translation>Hacer &amp;copia del libro…</translation>
    </message>
    <message>
        <source>Fill with &amp;demo data…</source>
        <translation>Rellenar con datos de &amp;demostración…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>New &amp;customer…</source>
        <translation>Nuevo &amp;cliente…</translation>
    </message>
    <message>
        <source>New &amp;order…</source>
        <translation>Nuevo &amp;pedido…</translation>
    </message>
    <message>
        <source>Invoice an o&amp;rder…</source>
        <translation>Facturar un pe&amp;dido…</translation>
    </message>
    <message>
        <source>New &amp;invoice…</source>
        <translation>Nueva &amp;factura…</translation>
    </message>
    <message>
        <source>New &amp;payment…</source>
        <translation>Nuevo pa&amp;go…</translation>
    </message>
    <message>
        <source>&amp;Settle…</source>
        <translation>&amp;Liquidar…</translation>
    </message>
    <message>
        <source>&amp;Unsettle…</source>
        <translation>&amp;Deshacer liquidación…</translation>
    </message>
    <message>
        <source>Credit &amp;note…</source>
        <translation>A&amp;bono…</translation>
    </message>
    <message>
        <source>Co&amp;rrective invoice…</source>
        <translation>Factura &amp;rectificativa…</translation>
    </message>
    <message>
        <source>C&amp;hange order…</source>
        <translation>&amp;Modificar pedido…</translation>
    </message>
    <message>
        <source>Cance&amp;l order…</source>
        <translation>A&amp;nular pedido…</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>Con&amp;figuración…</translation>
    </message>
    <message>
        <source>&amp;Aging workbook…</source>
        <translation>Hoja de &amp;antigüedad…</translation>
    </message>
    <message>
        <source>&amp;Credit note PDF…</source>
        <translation>PDF del &amp;abono…</translation>
    </message>
    <message>
        <source>&amp;Settlement report PDF…</source>
        <translation>Informe de &amp;liquidaciones (PDF)…</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Buscar…</translation>
    </message>
    <message>
        <source>Choose &amp;customer</source>
        <translation>Elegir &amp;cliente</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Ac&amp;tualizar</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Atajos de teclado</translation>
    </message>
    <message>
        <source>&amp;About Acerto</source>
        <translation>&amp;Acerca de Acerto</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Recent books</source>
        <translation>Libros &amp;recientes</translation>
    </message>
    <message>
        <source>&amp;Documents</source>
        <translation>&amp;Documentos</translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation>&amp;Informes</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
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
        <translation>&amp;Conciliación bancaria…</translation>
    </message>
    <message>
        <source>&amp;Refund customer credit…</source>
        <translation>&amp;Reembolsar crédito del cliente…</translation>
    </message>
    <message>
        <source>Pa&amp;y refund…</source>
        <translation>Pa&amp;gar reembolso…</translation>
    </message>
    <message>
        <source>&amp;Bill unbilled item…</source>
        <translation>&amp;Facturar partida no facturada…</translation>
    </message>
    <message>
        <source>&amp;Write off unbilled item…</source>
        <translation>&amp;Dar de baja partida no facturada…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The new language is used the next time Acerto starts.</source>
        <translation>El nuevo idioma se usará la próxima vez que se inicie Acerto.</translation>
    </message>
    <message>
        <source>{n} documents · total {total} · open {open} · overdue {overdue} ({od_n})</source>
        <translation>{n} documentos · total {total} · pendiente {open} · vencido {overdue} ({od_n})</translation>
    </message>
    <message>
        <source>{n} orders · total {total} · left to invoice {open}</source>
        <translation>{n} pedidos · total {total} · por facturar {open}</translation>
    </message>
    <message>
        <source>{n} payments · received {total} · unapplied {open}</source>
        <translation>{n} pagos · cobrado {total} · sin aplicar {open}</translation>
    </message>
    <message>
        <source>Acerto</source>
        <translation>Acerto</translation>
    </message>
    <message>
        <source>Open book</source>
        <translation>Abrir libro</translation>
    </message>
    <message>
        <source>The book could not be opened:</source>
        <translation>No se pudo abrir el libro:</translation>
    </message>
    <message>
        <source>New book</source>
        <translation>Nuevo libro</translation>
    </message>
    <message>
        <source>Acerto books (*.sqlite *.acerto *.db)</source>
        <translation>Libros de Acerto (*.sqlite *.acerto *.db)</translation>
    </message>
    <message>
        <source>That file exists; choose Open book to open it.</source>
        <translation>Ese archivo ya existe; use Abrir libro para abrirlo.</translation>
    </message>
    <message>
        <source>Acerto books (*.sqlite *.acerto *.db);;All files (*)</source>
        <translation>Libros de Acerto (*.sqlite *.acerto *.db);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Open book on a server</source>
        <translation>Abrir libro en un servidor</translation>
    </message>
    <message>
        <source>PostgreSQL URL (postgresql://user@host:port/dbname):</source>
        <translation>URL de PostgreSQL (postgresql://usuario@host:puerto/base):</translation>
    </message>
    <message>
        <source>Back up book</source>
        <translation>Copia del libro</translation>
    </message>
    <message>
        <source>Acerto books (*.sqlite)</source>
        <translation>Libros de Acerto (*.sqlite)</translation>
    </message>
    <message>
        <source>Backup written to {path}</source>
        <translation>Copia guardada en {path}</translation>
    </message>
    <message>
        <source>Report written</source>
        <translation>Informe guardado</translation>
    </message>
    <message>
        <source>{path} was written. Open it now?</source>
        <translation>Se guardó {path}. ¿Abrirlo ahora?</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>About Acerto</source>
        <translation>Acerca de Acerto</translation>
    </message>
    <message>
        <source>Acerto — receivables reconciliation for small businesses.</source>
        <translation>Acerto — conciliación de cuentas a cobrar para pequeñas empresas.</translation>
    </message>
    <message>
        <source>&amp;Invoice PDF…</source>
        <translation>PDF de la &amp;factura…</translation>
    </message>
    <message>
        <source>&amp;Print invoice…</source>
        <translation>&amp;Imprimir factura…</translation>
    </message>
    <message>
        <source>S&amp;tatements of account…</source>
        <translation>&amp;Extractos de cuenta…</translation>
    </message>
    <message>
        <source>Payment &amp;reminders…</source>
        <translation>&amp;Recordatorios de pago…</translation>
    </message>
    <message>
        <source>Invoice number:</source>
        <translation>Número de factura:</translation>
    </message>
    <message>
        <source>Invoice PDF</source>
        <translation>PDF de la factura</translation>
    </message>
    <message>
        <source>Print invoice</source>
        <translation>Imprimir factura</translation>
    </message>
    <message>
        <source>Statements of account</source>
        <translation>Extractos de cuenta</translation>
    </message>
    <message>
        <source>&amp;Customer (empty: all with a balance):</source>
        <translation>&amp;Cliente (vacío: todos con saldo):</translation>
    </message>
    <message>
        <source>&amp;Save PDF…</source>
        <translation>&amp;Guardar PDF…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimir…</translation>
    </message>
    <message>
        <source>{n} statements written to {folder}.</source>
        <translation>{n} extractos guardados en {folder}.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Owed</source>
        <translation>Adeudado</translation>
    </message>
    <message>
        <source>Credit taken</source>
        <translation>Crédito usado</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Facturas</translation>
    </message>
    <message>
        <source>Payment reminders</source>
        <translation>Recordatorios de pago</translation>
    </message>
    <message>
        <source>&amp;Write letters and record…</source>
        <translation>&amp;Generar cartas y registrar…</translation>
    </message>
    <message>
        <source>{number}: level {level}, {owed}</source>
        <translation>{number}: nivel {level}, {owed}</translation>
    </message>
    <message>
        <source>{n} customers get a reminder.</source>
        <translation>{n} clientes reciben un recordatorio.</translation>
    </message>
    <message>
        <source>Excluded: {codes}.</source>
        <translation>Excluidos: {codes}.</translation>
    </message>
    <message>
        <source>{n} reminder letters written to {folder}.</source>
        <translation>{n} cartas de recordatorio guardadas en {folder}.</translation>
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
        <translation>indep.</translation>
    </message>
    <message>
        <source>credit note</source>
        <comment>invoice kind, short</comment>
        <translation>abono</translation>
    </message>
    <message>
        <source>corrective</source>
        <comment>invoice kind, short</comment>
        <translation>rectif.</translation>
    </message>
    <message>
        <source>transfer</source>
        <comment>payment method, short</comment>
        <translation>transferencia</translation>
    </message>
    <message>
        <source>debit</source>
        <comment>payment method, short</comment>
        <translation>domiciliación</translation>
    </message>
    <message>
        <source>Overdue since {date}: {balance} open</source>
        <translation>Vencido desde {date}: {balance} pendiente</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>Open items</source>
        <translation>Pendientes</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Vencidos</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Todos los tipos</translation>
    </message>
    <message>
        <source>From date (Delete clears)</source>
        <translation>Fecha inicial (Supr borra)</translation>
    </message>
    <message>
        <source>To date (Delete clears)</source>
        <translation>Fecha final (Supr borra)</translation>
    </message>
    <message>
        <source>Search number, customer, reference…</source>
        <translation>Buscar número, cliente, referencia…</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Estado:</translation>
    </message>
    <message>
        <source>More than {n} rows; counting them…</source>
        <translation>Más de {n} filas; contándolas…</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Desde:</translation>
    </message>
    <message>
        <source>T&amp;o:</source>
        <translation>&amp;Hasta:</translation>
    </message>
    <message>
        <source>Aging workbook</source>
        <translation>Hoja de antigüedad</translation>
    </message>
    <message>
        <source>&amp;As of:</source>
        <translation>&amp;A fecha:</translation>
    </message>
    <message>
        <source>&amp;Basis:</source>
        <translation>&amp;Base:</translation>
    </message>
    <message>
        <source>B&amp;uckets (days):</source>
        <translation>&amp;Tramos (días):</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Libros de Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Credit note PDF</source>
        <translation>PDF del abono</translation>
    </message>
    <message>
        <source>Credit note number:</source>
        <translation>Número del abono:</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Settlement report</source>
        <translation>Informe de liquidaciones</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Hasta:</translation>
    </message>
    <message>
        <source>Settlement report PDF</source>
        <translation>Informe de liquidaciones (PDF)</translation>
    </message>
    <message>
        <source>Export workbook</source>
        <translation>Exportar hoja de cálculo</translation>
    </message>
    <message>
        <source>Import workbook</source>
        <translation>Importar hoja de cálculo</translation>
    </message>
    <message>
        <source>Nothing to import.</source>
        <translation>Nada que importar.</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>Datos de demostración</translation>
    </message>
    <message>
        <source>How many invoices?</source>
        <translation>¿Cuántas facturas?</translation>
    </message>
    <message>
        <source>Demo data written: {n} invoices.</source>
        <translation>Datos de demostración escritos: {n} facturas.</translation>
    </message>
    <message>
        <source>Type a customer code or name</source>
        <translation>Escriba el código o el nombre del cliente</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>Todos los clientes</translation>
    </message>
    <message>
        <source>Add line</source>
        <translation>Añadir línea</translation>
    </message>
    <message>
        <source>Remove line</source>
        <translation>Eliminar línea</translation>
    </message>
    <message>
        <source>Cancelled; nothing was changed.</source>
        <translation>Cancelado; no se cambió nada.</translation>
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
        <translation>Repartir entre los pedidos del cliente</translation>
    </message>
    <message>
        <source>Still needs</source>
        <translation>Aún falta</translation>
    </message>
    <message>
        <source>Amount for it</source>
        <translation>Importe para él</translation>
    </message>
    <message>
        <source>&amp;Propose (oldest order first)</source>
        <translation>&amp;Proponer (pedido más antiguo primero)</translation>
    </message>
    <message>
        <source>amount for order {order}</source>
        <translation>importe para el pedido {order}</translation>
    </message>
    <message>
        <source>Type an amount for at least one order, or press Propose.</source>
        <translation>Escriba un importe para al menos un pedido, o pulse Proponer.</translation>
    </message>
    <message>
        <source>empty: use ~/.pgpass or PGPASSWORD</source>
        <translation>vacío: usar ~/.pgpass o PGPASSWORD</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Contraseña:</translation>
    </message>
    <message>
        <source>Keep it in the system keyring</source>
        <translation>Guardarla en el llavero del sistema</translation>
    </message>
    <message>
        <source>No system keyring on this computer.</source>
        <translation>No hay llavero del sistema en este ordenador.</translation>
    </message>
    <message>
        <source>Cash discount when paid in full</source>
        <translation>Descuento por pronto pago aunque se pague todo</translation>
    </message>
    <message>
        <source>A payment covering the whole balance within the discount period still takes the cash discount; what the customer did not deduct stays as credit.</source>
        <translation>Un pago que cubre todo el saldo dentro del plazo de descuento sigue tomando el descuento por pronto pago; lo que el cliente no dedujo queda como crédito.</translation>
    </message>
    <message>
        <source>Edit Apply or Discount to choose them; tick Full settlement to waive what an invoice has left.</source>
        <translation>Edite Aplicar o Descuento para elegirlos; marque Liquidación total para condonar lo que le queda a una factura.</translation>
    </message>
    <message>
        <source>Waive what this invoice has left, posted as cash discount</source>
        <translation>Condonar lo que le queda a esta factura, contabilizado como descuento por pronto pago</translation>
    </message>
    <message>
        <source>cash discount on {n}</source>
        <translation>descuento por pronto pago en {n}</translation>
    </message>
    <message>
        <source>Cash discount, from 0 up to {most}</source>
        <translation>Descuento por pronto pago, de 0 hasta {most}</translation>
    </message>
    <message>
        <source>Bank reconciliation</source>
        <translation>Conciliación bancaria</translation>
    </message>
    <message>
        <source>&amp;Import statement…</source>
        <translation>&amp;Importar extracto…</translation>
    </message>
    <message>
        <source>&amp;Account:</source>
        <translation>&amp;Cuenta:</translation>
    </message>
    <message>
        <source>The bank account the file&apos;s lines belong to; a CSV file names none, so choose or type it. Its CSV columns are kept for its next file.</source>
        <translation>La cuenta bancaria a la que pertenecen las líneas del archivo; un archivo CSV no indica ninguna, así que elíjala o escríbala. Las columnas del CSV se guardan para su próximo archivo.</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Mostrar:</translation>
    </message>
    <message>
        <source>type a number or a name</source>
        <translation>escriba un número o un nombre</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Aceptar</translation>
    </message>
    <message>
        <source>Accept every proposal at or above</source>
        <translation>Aceptar toda propuesta con confianza desde</translation>
    </message>
    <message>
        <source>Accept a&amp;ll</source>
        <translation>Aceptar &amp;todas</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>matched</source>
        <translation>conciliada</translation>
    </message>
    <message>
        <source>on account</source>
        <translation>a cuenta</translation>
    </message>
    <message>
        <source>No statement lines here. Import a statement.</source>
        <translation>No hay líneas de extracto aquí. Importe un extracto.</translation>
    </message>
    <message>
        <source>Refund paid out (blank: as proposed):</source>
        <translation>Reembolso pagado (en blanco: lo propuesto):</translation>
    </message>
    <message>
        <source>Invoices or customer (blank: as proposed):</source>
        <translation>Facturas o cliente (en blanco: lo propuesto):</translation>
    </message>
    <message>
        <source>type a refund&apos;s number or a name</source>
        <translation>escriba el número de un reembolso o un nombre</translation>
    </message>
    <message>
        <source>Matched: </source>
        <translation>Conciliada: </translation>
    </message>
    <message>
        <source>As typed, before accepting:</source>
        <translation>Tal como se escribió, antes de aceptar:</translation>
    </message>
    <message>
        <source>%1 stays on customer %2&apos;s account.</source>
        <translation>%1 queda a cuenta del cliente %2.</translation>
    </message>
    <message>
        <source>%n proposal(s)</source>
        <translation>%n propuesta(s)</translation>
    </message>
    <message>
        <source>A line pays out one refund: type only one.</source>
        <translation>Una línea paga un solo reembolso: escriba solo uno.</translation>
    </message>
    <message>
        <source>%1 and %2 are two customers: the money is one customer&apos;s payment.</source>
        <translation>%1 y %2 son dos clientes: el dinero es el pago de un solo cliente.</translation>
    </message>
    <message>
        <source>Invoice %1 is customer %2&apos;s, not %3&apos;s: type only %3&apos;s.</source>
        <translation>La factura %1 es del cliente %2, no de %3: escriba solo facturas de %3.</translation>
    </message>
    <message>
        <source>%1 is not an open refund: choose one of the list.</source>
        <translation>%1 no es un reembolso pendiente: elija uno de la lista.</translation>
    </message>
    <message>
        <source>Refund %1 is %2, but the line paid out %3.</source>
        <translation>El reembolso %1 es de %2, pero la línea pagó %3.</translation>
    </message>
    <message>
        <source>the payout of refund %1 to %2, %3.</source>
        <translation>el pago del reembolso %1 a %2, %3.</translation>
    </message>
    <message>
        <source>Line %1 is money out with no refund proposed: type the refund it paid out. A purchase, a bank fee or any other payment is not a receivable: leave it unmatched.</source>
        <translation>La línea %1 es una salida sin reembolso propuesto: escriba el reembolso que pagó. Una compra, una comisión bancaria o cualquier otro pago no es un cobro pendiente: déjela sin conciliar.</translation>
    </message>
    <message>
        <source>Line %1 has no proposal: type the invoices it pays.</source>
        <translation>La línea %1 no tiene propuesta: escriba las facturas que paga.</translation>
    </message>
    <message>
        <source>Or type the customer who paid it: the money stays on their account.</source>
        <translation>O escriba el cliente que la pagó: el dinero queda a su cuenta.</translation>
    </message>
    <message>
        <source>Warning: line %1 would be posted as customer %2&apos;s payment, but its payer is known as customer %3 (%4).</source>
        <translation>Aviso: la línea %1 se registraría como pago del cliente %2, pero su pagador se conoce como el cliente %3 (%4).</translation>
    </message>
    <message>
        <source>Accepting the proposals</source>
        <translation>Aceptando las propuestas</translation>
    </message>
    <message>
        <source>Import statement</source>
        <translation>Importar extracto</translation>
    </message>
    <message>
        <source>Bank statements (*.xml *.ofx *.qfx *.n43 *.txt *.sta *.940 *.csv);;All files (*)</source>
        <translation>Extractos bancarios (*.xml *.ofx *.qfx *.n43 *.txt *.sta *.940 *.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>(the account the file names)</source>
        <translation>(la cuenta que indica el archivo)</translation>
    </message>
    <message>
        <source>%1 is a CSV file, which names no bank account: choose or type the account its lines belong to in Account, then import it again.</source>
        <translation>%1 es un archivo CSV, que no indica cuenta bancaria: elija o escriba en Cuenta la cuenta a la que pertenecen sus líneas e impórtelo de nuevo.</translation>
    </message>
    <message>
        <source>%1 line(s) added, %2 already in the book.</source>
        <translation>%1 línea(s) añadida(s), %2 ya en el libro.</translation>
    </message>
    <message>
        <source>Welcome to Acerto</source>
        <translation>Bienvenido a Acerto</translation>
    </message>
    <message>
        <source>There is no book yet. Acerto will create it at:</source>
        <translation>Aún no hay libro. Acerto lo creará en:</translation>
    </message>
    <message>
        <source>as printed on invoices and PDFs</source>
        <translation>tal como se imprime en facturas y PDF</translation>
    </message>
    <message>
        <source>Company:</source>
        <translation>Empresa:</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Moneda:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <source>e.g. &quot;net 30&quot; or &quot;2% 10, net 30&quot;</source>
        <translation>p. ej. &quot;net 30&quot; o &quot;2% 10, net 30&quot;</translation>
    </message>
    <message>
        <source>Default terms:</source>
        <translation>Condiciones por defecto:</translation>
    </message>
    <message>
        <source>Fill with a demo book to try things out</source>
        <translation>Rellenar con un libro de demostración para probar</translation>
    </message>
    <message>
        <source>Create book</source>
        <translation>Crear libro</translation>
    </message>
    <message>
        <source>optional; printed on documents</source>
        <translation>opcional; se imprime en los documentos</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Dirección:</translation>
    </message>
    <message>
        <source>Tax id:</source>
        <translation>NIF:</translation>
    </message>
    <message>
        <source>optional; where customers pay</source>
        <translation>opcional; donde pagan los clientes</translation>
    </message>
    <message>
        <source>IBAN:</source>
        <translation>IBAN:</translation>
    </message>
    <message>
        <source>optional PNG, JPEG or SVG file</source>
        <translation>fichero PNG, JPEG o SVG opcional</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.svg)</source>
        <translation>Imágenes (*.png *.jpg *.jpeg *.svg)</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Logo:</source>
        <translation>Logotipo:</translation>
    </message>
    <message>
        <source>Company logo</source>
        <translation>Logotipo de la empresa</translation>
    </message>
    <message>
        <source>There is no print spooler (lp) here; save the PDF and print it.</source>
        <translation>No hay cola de impresión (lp) aquí; guarde el PDF e imprímalo.</translation>
    </message>
    <message>
        <source>The printer refused {name}: {why}</source>
        <translation>La impresora rechazó {name}: {why}</translation>
    </message>
    <message>
        <source>Statement of account of {code}…</source>
        <translation>Extracto de cuenta de {code}…</translation>
    </message>
</context>
</TS>
